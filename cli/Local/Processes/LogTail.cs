namespace GatewayMesh.Cli.Local.Processes;

/// <summary>The last lines of a child's log file, shown when it fails to start.</summary>
internal static class LogTail
{
    public static IReadOnlyList<string> Read(string logFile, int lines = 15)
    {
        try
        {
            return [.. File.ReadLines(logFile).TakeLast(lines)];
        }
        catch (IOException)
        {
            return [$"(cannot read {logFile})"];
        }
    }
}
