namespace GatewayMesh.Cli.Local.State;

/// <summary>
/// An exclusive lock on the state folder (<c>state.lock</c>, an advisory file lock) around every read-modify-write of
/// state.json once the mesh runs: the supervising <c>meshctl up</c> records a restarted process under it, and
/// <c>down</c> marks the mesh stopping under it, so a restart never slips in between and leaves a process unrecorded.
/// </summary>
internal sealed class StateLock : IDisposable
{
    private static readonly TimeSpan Retry = TimeSpan.FromMilliseconds(50);
    private readonly FileStream _file;

    private StateLock(FileStream file) => _file = file;

    public static async Task<StateLock> AcquireAsync(MeshPaths paths, TimeProvider time, CancellationToken cancellationToken)
    {
        OwnerOnly.CreateDirectory(paths.StateDir);
        var path = Path.Combine(paths.StateDir, "state.lock");
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive flock on Linux: another holder (this process or another) makes it throw.
                return new StateLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException)
            {
                await Task.Delay(Retry, time, cancellationToken);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
