using Microsoft.Extensions.Options;

namespace GatewayMesh.Core.Hosting;

/// <summary>
/// .NET's options validation for <see cref="IValidatedSettings"/> bound through <c>IOptions&lt;T&gt;</c>: registered
/// with <c>ValidateOnStart</c>, the host refuses to start with every problem listed (the same checks the component's
/// <c>Create</c> already ran on the settings it was started with).
/// </summary>
public sealed class SettingsValidator<T> : IValidateOptions<T>
    where T : class, IValidatedSettings
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = new SettingsProblems();
        options.Validate(problems);
        return problems.All.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.All);
    }
}
