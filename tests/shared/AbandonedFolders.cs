namespace GatewayMesh.Testing;

/// <summary>
/// Temporary folders a test process owns, and the clean-up of those whose owner died (a test host killed mid-run,
/// an aborted run): <see cref="Claim"/> marks a folder with the owner's pid and start time; <see cref="Sweep"/> finds
/// folders under the temp folder whose owner no longer runs, stops the processes inside them and deletes them. A
/// folder whose owner still runs (another test run on the same machine) is never touched, nor is an unmarked one.
/// </summary>
internal static class AbandonedFolders
{
    private const string OwnerFile = ".gatewaymesh-test-owner";
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(30);

    /// <summary>Marks <paramref name="folder"/> as owned by this process.</summary>
    public static void Claim(string folder) =>
        File.WriteAllText(Path.Combine(folder, OwnerFile), $"{Environment.ProcessId} {StartTicks(Environment.ProcessId)}");

    /// <summary>Stops the processes of, and deletes, every folder named <paramref name="prefix"/>* under the temp folder whose owner is gone; returns them.</summary>
    public static async Task<IReadOnlyList<string>> SweepAsync(string prefix)
    {
        var swept = new List<string>();
        foreach (var folder in Directory.EnumerateDirectories(Path.GetTempPath(), prefix + "*"))
        {
            if (!IsAbandoned(folder))
            {
                continue;
            }

            if ((await FolderProcesses.KillAsync(folder, KillWait)).Count > 0)
            {
                continue; // something would not die: leave the folder to a later sweep
            }

            try
            {
                Directory.Delete(folder, recursive: true);
                swept.Add(folder);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // another sweep (a test run beside this one) deleted it first
            }
        }

        return swept;
    }

    private static bool IsAbandoned(string folder)
    {
        try
        {
            var owner = File.ReadAllText(Path.Combine(folder, OwnerFile)).Split(' ');
            return owner.Length == 2 && int.TryParse(owner[0], out var pid) && StartTicks(pid) != owner[1];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // unmarked, or being deleted
        }
    }

    /// <summary>The process's start time in clock ticks since boot (field 22 of /proc/PID/stat); "" when it does not run.</summary>
    private static string StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] == "Z" ? "" : fields[19];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
