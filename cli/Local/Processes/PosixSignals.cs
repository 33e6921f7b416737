using System.Runtime.InteropServices;

namespace GatewayMesh.Cli.Local.Processes;

/// <summary>Sends a signal to a pid (.NET only offers SIGKILL through <c>Process.Kill</c>).</summary>
internal static class PosixSignals
{
    public const int SigInt = 2;
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>True when the signal was delivered; false when the pid no longer exists or may not be signalled.</summary>
    public static bool Send(int pid, int signal) => pid > 0 && Kill(pid, signal) == 0;

    // Blittable int arguments only, so the classic import needs no unsafe code or marshalling.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
