using System.Globalization;
using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GatewayMesh.Core.Blocks.InMemory;

/// <summary>The config store over <see cref="InMemoryMeshState"/>, with the same rules as the Redis scripts.</summary>
public sealed class InMemoryConfigStore(InMemoryMeshState state, ILogger<InMemoryConfigStore>? logger = null) : IConfigStore
{
    private readonly ILogger _logger = logger ?? NullLogger<InMemoryConfigStore>.Instance;

    public ValueTask<ConfigResource?> GetAsync(ResourceKey key, CancellationToken cancellationToken = default)
    {
        StoreKeys.Of(key);
        lock (state.Gate)
        {
            return ValueTask.FromResult(state.Configs.TryGetValue(key, out var stored) ? stored.Resource : null);
        }
    }

    public ValueTask<IReadOnlyList<ConfigResource>> ListAsync(string? kind = null, string? @namespace = null, CancellationToken cancellationToken = default)
    {
        lock (state.Gate)
        {
            IReadOnlyList<ConfigResource> items = state.Configs
                .Where(pair => (kind is null || pair.Key.Kind == kind) && (@namespace is null || pair.Key.Namespace == @namespace))
                .Select(pair => pair.Value.Resource)
                .ToList();
            return ValueTask.FromResult(items);
        }
    }

    public async ValueTask<ConfigResource> PutAsync(ConfigResource resource, PutMode mode = PutMode.Upsert, CancellationToken cancellationToken = default) =>
        (await PutWithOutcomeAsync(resource, mode, cancellationToken)).Resource;

    public ValueTask<ConfigPutResult> PutWithOutcomeAsync(ConfigResource resource, PutMode mode = PutMode.Upsert, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Put(resource, mode));

    private ConfigPutResult Put(ConfigResource resource, PutMode mode)
    {
        var key = resource.Key;
        var keyText = StoreKeys.Of(key);
        var expected = resource.Metadata.ResourceVersion;
        var content = MeshJson.SerializeResource(resource.WithResourceVersion(null));
        lock (state.Gate)
        {
            var exists = state.Configs.TryGetValue(key, out var stored);
            var storedVersion = stored?.Version.ToString(CultureInfo.InvariantCulture);
            if (mode == PutMode.Create && exists)
            {
                throw ConfigWriteErrors.AlreadyExists(key);
            }

            if (mode == PutMode.Replace && !exists)
            {
                throw ConfigWriteErrors.NotFound(key);
            }

            if (!string.IsNullOrEmpty(expected) && expected != storedVersion)
            {
                throw ConfigWriteErrors.VersionMismatch(key, expected, storedVersion);
            }

            if (stored is not null && stored.ContentJson == content)
            {
                return new ConfigPutResult(stored.Resource, ConfigPutOutcome.Unchanged);
            }

            var revision = state.Revision + 1;
            var written = resource.WithResourceVersion(revision.ToString(CultureInfo.InvariantCulture));
            state.Commit(ChangeKind.ConfigPut, keyText, MeshJson.SerializeResource(written));
            state.Configs[key] = new StoredConfig(written, content, revision);
            var outcome = exists ? ConfigPutOutcome.Configured : ConfigPutOutcome.Created;
            BlocksLog.ConfigPut(_logger, keyText, outcome, revision);
            return new ConfigPutResult(written, outcome);
        }
    }

    public ValueTask<IReadOnlyList<ConfigPutResult>> ApplyAsync(IReadOnlyList<ConfigResource> resources, CancellationToken cancellationToken = default)
    {
        foreach (var resource in resources)
        {
            StoreKeys.Of(resource.Key);
        }

        lock (state.Gate)
        {
            foreach (var resource in resources)
            {
                var expected = resource.Metadata.ResourceVersion;
                var stored = state.Configs.TryGetValue(resource.Key, out var found) ? found.Version.ToString(CultureInfo.InvariantCulture) : null;
                if (!string.IsNullOrEmpty(expected) && expected != stored)
                {
                    throw ConfigWriteErrors.VersionMismatch(resource.Key, expected, stored);
                }
            }

            // the lock is re-entrant, so each put below runs inside this one critical section
            var results = new List<ConfigPutResult>(resources.Count);
            foreach (var resource in resources)
            {
                results.Add(Put(resource, PutMode.Upsert));
            }

            return ValueTask.FromResult<IReadOnlyList<ConfigPutResult>>(results);
        }
    }

    public ValueTask<bool> DeleteAsync(ResourceKey key, string? expectedResourceVersion = null, CancellationToken cancellationToken = default)
    {
        var keyText = StoreKeys.Of(key);
        lock (state.Gate)
        {
            if (!state.Configs.TryGetValue(key, out var stored))
            {
                return ValueTask.FromResult(false);
            }

            var storedVersion = stored.Version.ToString(CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(expectedResourceVersion) && expectedResourceVersion != storedVersion)
            {
                throw ConfigWriteErrors.VersionMismatch(key, expectedResourceVersion, storedVersion);
            }

            state.Configs.Remove(key);
            var revision = state.Commit(ChangeKind.ConfigDelete, keyText, null);
            BlocksLog.ConfigDeleted(_logger, keyText, revision);
            return ValueTask.FromResult(true);
        }
    }

    public IAsyncEnumerable<ChangeNotice> WatchAsync(CancellationToken cancellationToken) =>
        ChangeFeed.WatchAsync(state.PubSub, ChangeNoticeJson.IsConfigKind, cancellationToken);
}
