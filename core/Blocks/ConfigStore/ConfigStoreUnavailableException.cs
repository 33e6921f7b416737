namespace GatewayMesh.Core.Blocks.ConfigStore;

/// <summary>
/// The config store could not be reached, or did not confirm a write in time (Redis down, or a Sentinel/Cluster
/// failover under way). A write that fails this way is never half done: the store writes all of it or nothing.
/// <see cref="NothingWritten"/> says whether nothing is certain; when it is false the store may have run the write
/// just before the connection broke (its answer was lost), and a reader of the store can tell.
/// </summary>
public sealed class ConfigStoreUnavailableException(string message, bool nothingWritten, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>True when the write certainly changed nothing (it was refused, or never reached the store).</summary>
    public bool NothingWritten => nothingWritten;
}
