namespace GatewayMesh.Core.Hosting;

/// <summary>
/// Collects what is wrong with a process's settings, each problem naming its switch (<c>--admin-port: 99999 is not a
/// port</c>), so that a start with several bad settings reports all of them at once (as .NET's <c>ValidateOnStart</c>
/// does for options) instead of one per attempt. <see cref="ThrowIfAny"/> ends the check.
/// </summary>
public sealed class SettingsProblems
{
    private readonly List<string> _problems = [];

    public IReadOnlyList<string> All => _problems;

    /// <summary>Records one problem; <paramref name="problem"/> starts with the switch it is about.</summary>
    public void Add(string problem) => _problems.Add(problem);

    /// <summary>
    /// Runs a parse that fails with an <see cref="InvalidOperationException"/> or <see cref="FormatException"/> naming its
    /// switch (<c>ParseBind</c>, <c>ParseLeaseTtl</c>, ...) and records its message; the parsed value, or default.
    /// </summary>
    public T? Try<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (InvalidSettingsException ex)
        {
            _problems.AddRange(ex.Problems);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or ArgumentException)
        {
            _problems.Add(ex.Message);
        }

        return default;
    }

    /// <summary>
    /// Validates every one of <paramref name="settings"/> (null ones are skipped: a mode that is off) and throws one
    /// <see cref="InvalidSettingsException"/> listing every problem of all of them, when there is any.
    /// </summary>
    public static void ThrowIfInvalid(string component, params IValidatedSettings?[] settings)
    {
        var problems = new SettingsProblems();
        foreach (var one in settings)
        {
            one?.Validate(problems);
        }

        problems.ThrowIfAny(component);
    }

    /// <summary>Adds a problem for a port outside 0-65535 (0 picks a free one), naming <paramref name="option"/>.</summary>
    public void Port(string option, int port)
    {
        if (port is < 0 or > 65535)
        {
            Add($"{option}: {port} is not a port (1-65535, or 0 for a free one)");
        }
    }

    /// <summary>Throws one <see cref="InvalidSettingsException"/> listing every problem, when there is any.</summary>
    public void ThrowIfAny(string component)
    {
        if (_problems.Count > 0)
        {
            throw new InvalidSettingsException(component, [.. _problems]);
        }
    }
}
