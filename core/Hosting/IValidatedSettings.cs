namespace GatewayMesh.Core.Hosting;

/// <summary>
/// Settings bound from a configuration section that check themselves when the process starts, before anything
/// listens: every problem at once, each naming its switch. Every options class of a component implements it
/// (<c>tests/unit/Architecture/SettingsValidationTests</c>).
/// </summary>
public interface IValidatedSettings
{
    /// <summary>Adds a problem to <paramref name="problems"/> for every bad setting; never throws for a bad value.</summary>
    void Validate(SettingsProblems problems);
}
