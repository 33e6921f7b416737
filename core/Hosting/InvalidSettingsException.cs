namespace GatewayMesh.Core.Hosting;

/// <summary>
/// A process's settings are wrong: every problem, each naming its switch. Thrown while the host is built, before
/// anything listens; <see cref="Report"/> is how <c>Program</c> ends the process with it.
/// </summary>
public sealed class InvalidSettingsException(string component, IReadOnlyList<string> problems)
    : InvalidOperationException(Describe(component, problems))
{
    /// <summary>The exit code of a process that refused its settings (as for a command-line usage error).</summary>
    public const int ExitCode = 2;

    /// <summary>The component whose settings these are (<c>ingress</c>, <c>ca</c>).</summary>
    public string Component { get; } = component;

    public IReadOnlyList<string> Problems { get; } = problems;

    /// <summary>
    /// Builds the application with <paramref name="create"/>; when its settings are wrong, writes every problem to
    /// <paramref name="error"/> (stderr) without a stack trace and returns null: <c>Program</c> then exits with
    /// <see cref="ExitCode"/>.
    /// </summary>
    public static T? Report<T>(Func<T> create, TextWriter error)
        where T : class
    {
        try
        {
            return create();
        }
        catch (InvalidSettingsException ex)
        {
            error.WriteLine(ex.Message);
            error.Flush();
            return null;
        }
    }

    private static string Describe(string component, IReadOnlyList<string> problems) =>
        $"{component}: {problems.Count} invalid setting{(problems.Count == 1 ? "" : "s")}:"
        + string.Concat(problems.Select(p => Environment.NewLine + "  " + p));
}
