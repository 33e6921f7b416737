namespace GatewayMesh.Testing;

/// <summary>
/// The processes that belong to a test's temporary folder: every process (but this one) whose working directory, or
/// one of whose open files (a log it writes, a database), lies inside it. A fixture that started a whole mesh there
/// stops them this way whether or not anything recorded them (a restart a supervisor made, a child of a child).
/// </summary>
internal static class FolderProcesses
{
    /// <summary>The pids of the processes inside <paramref name="folder"/>, read from /proc (empty where there is none).</summary>
    public static IReadOnlyList<int> Find(string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + "/";
        var found = new List<int>();
        if (!Directory.Exists("/proc"))
        {
            return found;
        }

        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), out var pid) && pid != Environment.ProcessId && Uses(entry, root))
            {
                found.Add(pid);
            }
        }

        return found;
    }

    /// <summary>SIGKILLs every process inside <paramref name="folder"/> and waits until each exited; returns the ones still running after <paramref name="timeout"/>.</summary>
    public static async Task<IReadOnlyList<int>> KillAsync(string folder, TimeSpan timeout)
    {
        var pids = Find(folder);
        foreach (var pid in pids)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill(); // SIGKILL
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // exited meanwhile
            }
        }

        return await ProcessExit.WaitAllAsync(pids, timeout);
    }

    private static bool Uses(string procEntry, string root)
    {
        try
        {
            if (Inside(new FileInfo(Path.Combine(procEntry, "cwd")).LinkTarget, root))
            {
                return true;
            }

            foreach (var descriptor in Directory.EnumerateFileSystemEntries(Path.Combine(procEntry, "fd")))
            {
                if (Inside(new FileInfo(descriptor).LinkTarget, root))
                {
                    return true;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // gone meanwhile, or not ours to read
        }

        return false;
    }

    private static bool Inside(string? target, string root) =>
        target is not null && (target.StartsWith(root, StringComparison.Ordinal) || target + "/" == root);
}
