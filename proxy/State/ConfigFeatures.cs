using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.State;

/// <summary>
/// The compiled config of features outside <c>proxy/State</c> (policy, telemetry, authentication, ...), held by slot so a
/// step's lookup is one array read. Immutable; built by <see cref="ProxyState"/> with each snapshot.
/// </summary>
public sealed class ConfigFeatures
{
    private readonly object?[] _slots;

    internal ConfigFeatures(object?[] slots) => _slots = slots;

    public static ConfigFeatures Empty { get; } = new([]);

    public T? Get<T>() where T : class
    {
        var slot = ConfigFeature<T>.Slot;
        return slot < _slots.Length ? (T?)_slots[slot] : null;
    }

    internal object? this[int slot] => slot < _slots.Length ? _slots[slot] : null;
}

/// <summary>The slot of feature type <typeparamref name="T"/>, assigned once per process.</summary>
public static class ConfigFeature<T> where T : class
{
    public static int Slot { get; } = ConfigFeatureSlots.Next();
}

internal static class ConfigFeatureSlots
{
    private static int _next = -1;

    public static int Next() => Interlocked.Increment(ref _next);
}

/// <summary>
/// Compiles one feature's config for this proxy from a snapshot: pure (same input, equal output), off the request path.
/// The last good result comes in as <c>previous</c>, so unchanged parts (and their state) can be kept.
/// A compiler that throws keeps the proxy's whole last good config.
/// </summary>
public interface IConfigCompiler<T> where T : class
{
    T Compile(MeshSnapshot snapshot, ProxyIdentity proxy, T? previous);
}

/// <summary>A registered compiler, without its type parameter, as <see cref="ProxyState"/> runs it.</summary>
public interface IConfigFeatureCompiler
{
    int Slot { get; }

    object Compile(MeshSnapshot snapshot, ProxyIdentity proxy, object? previous);
}

internal sealed class ConfigFeatureCompiler<T>(IConfigCompiler<T> compiler) : IConfigFeatureCompiler where T : class
{
    public int Slot => ConfigFeature<T>.Slot;

    public object Compile(MeshSnapshot snapshot, ProxyIdentity proxy, object? previous) => compiler.Compile(snapshot, proxy, previous as T);
}
