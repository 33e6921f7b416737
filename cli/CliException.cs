namespace GatewayMesh.Cli;

/// <summary>A failure to report to the user without a stack trace: a message, optional detail lines, and the exit code.</summary>
internal class CliException(string message, IReadOnlyList<string>? details = null, int exitCode = 1) : Exception(message)
{
    public IReadOnlyList<string> Details { get; } = details ?? [];

    public int ExitCode { get; } = exitCode;
}
