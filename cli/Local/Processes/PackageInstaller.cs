
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Processes;

/// <summary>Installs a missing Debian package with apt-get, when meshctl runs as root and apt-get exists.</summary>
internal sealed class PackageInstaller(CliEnvironment environment, Progress progress)
{
    /// <summary>Why a package cannot be installed here, or null when it can.</summary>
    internal static string? CannotInstallReason(bool isRoot, string? aptGet) =>
        aptGet is null ? "apt-get is not available on this machine"
        : !isRoot ? "meshctl is not running as root"
        : null;

    public bool CanInstall(out string? reason)
    {
        reason = CannotInstallReason(Environment.IsPrivilegedProcess, ExecutableFinder.Find("apt-get", environment));
        return reason is null;
    }

    public async Task InstallAsync(string package, CancellationToken cancellationToken)
    {
        var aptGet = ExecutableFinder.Find("apt-get", environment) ?? throw new CliException("apt-get is not available");
        var quiet = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
        progress.Step($"installing the Debian package {package} (apt-get update; apt-get install -y {package})");
        await RunAsync(aptGet, ["update", "-qq"], quiet, cancellationToken);
        await RunAsync(aptGet, ["install", "-y", "-q", "--no-install-recommends", package], quiet, cancellationToken);
        progress.Done($"installed {package}");
    }

    private async Task RunAsync(string aptGet, string[] arguments, Dictionary<string, string> variables, CancellationToken cancellationToken)
    {
        var tail = new List<string>();
        var exitCode = await ExternalCommand.RunAsync(
            aptGet,
            arguments,
            line =>
            {
                tail.Add(line);
                progress.Note(line.Trim());
            },
            variables,
            cancellationToken);
        if (exitCode != 0)
        {
            throw new CliException($"apt-get {string.Join(' ', arguments)} failed with exit code {exitCode}", [.. tail.TakeLast(10)]);
        }
    }
}
