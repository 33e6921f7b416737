namespace GatewayMesh.Cli.Local.Run;

/// <summary>A run file or <c>meshctl run</c> command line that cannot run: every problem at once, each with its field path; exit code 2.</summary>
internal sealed class RunFileException(string message, IReadOnlyList<string> errors)
    : CliException(message, errors, UsageExitCode)
{
    public const int UsageExitCode = 2;

    public IReadOnlyList<string> Errors => Details;
}
