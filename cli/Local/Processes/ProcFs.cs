using System.Globalization;
using GatewayMesh.Cli.Local.State;

namespace GatewayMesh.Cli.Local.Processes;

/// <summary>Reads a process's identity from Linux's <c>/proc</c>; null when the pid does not exist.</summary>
internal static class ProcFs
{
    private const string Root = "/proc";

    public static bool IsSupported => Directory.Exists(Path.Combine(Root, "self"));

    public static ProcessIdentity? TryRead(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        try
        {
            var stat = File.ReadAllText(Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture), "stat"));
            var cmdline = File.ReadAllText(Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture), "cmdline"));
            var (state, startTicks) = ParseStat(stat);
            return new ProcessIdentity(pid, startTicks, NormalizeCommandLine(cmdline), IsZombie: state is 'Z' or 'X');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when the process ignores <paramref name="signal"/> (its <c>SigIgn</c> mask). A background job of a
    /// non-interactive shell starts with SIGINT and SIGQUIT ignored, its children inherit that, and .NET keeps an
    /// inherited ignore (it installs no handler), so Ctrl-C's SIGINT never reaches such a meshctl; SIGTERM still does.
    /// </summary>
    public static bool IgnoresSignal(int pid, int signal)
    {
        try
        {
            var status = File.ReadLines(Path.Combine(Root, pid.ToString(CultureInfo.InvariantCulture), "status"));
            return status.FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal)) is { } line
                && HasSignal(line["SigIgn:".Length..], signal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return false;
        }
    }

    /// <summary>Whether a hexadecimal signal mask of <c>/proc/PID/status</c> (bit N-1 for signal N) holds the signal.</summary>
    internal static bool HasSignal(string hexMask, int signal) =>
        signal is >= 1 and <= 64
        && (ulong.Parse(hexMask.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture) & (1UL << (signal - 1))) != 0;

    /// <summary>True while the pid runs (a zombie waiting to be reaped counts as gone).</summary>
    public static bool IsRunning(int pid) => TryRead(pid) is { IsZombie: false };

    /// <summary>The state letter (field 3) and start time (field 22); the command name in parentheses may hold spaces.</summary>
    internal static (char State, long StartTicks) ParseStat(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            throw new FormatException("no ')' in /proc stat");
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 20)
        {
            throw new FormatException("too few fields in /proc stat");
        }

        return (fields[0][0], long.Parse(fields[19], CultureInfo.InvariantCulture));
    }

    /// <summary>NUL-separated arguments joined by spaces; empty arguments (padding after a rewritten title) dropped.</summary>
    internal static string NormalizeCommandLine(string cmdline) =>
        string.Join(' ', cmdline.Split('\0', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(part => part.Length > 0));
}
