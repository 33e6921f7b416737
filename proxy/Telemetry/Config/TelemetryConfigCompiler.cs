using GatewayMesh.Core.Blocks.State;
using GatewayMesh.Proxy.Routing;
using GatewayMesh.Proxy.State;

namespace GatewayMesh.Proxy.Telemetry.Config;

/// <summary>
/// The proxy's <see cref="TelemetryPolicy"/> as a config feature, compiled with every snapshot
/// (<c>request.Config.Feature&lt;TelemetryPolicy&gt;()</c>). While the Telemetry resources are unchanged the previous
/// policy object is kept, so its tag-override shape (part of every metric edge's key) stays the same object and a
/// snapshot that changes something else never splits the series.
/// </summary>
public sealed class TelemetryConfigCompiler(TelemetryDefaults defaults) : IConfigCompiler<TelemetryPolicy>
{
    private Core.Config.Model.Telemetry[] _lastInputs = [];

    public TelemetryPolicy Compile(MeshSnapshot snapshot, ProxyIdentity proxy, TelemetryPolicy? previous)
    {
        var inputs = snapshot.Configs.Values.OfType<Core.Config.Model.Telemetry>().OrderBy(t => t.Metadata.Namespace, StringComparer.Ordinal).ThenBy(t => t.Metadata.Name, StringComparer.Ordinal).ToArray();
        if (previous is not null && inputs.AsSpan().SequenceEqual(_lastInputs))
        {
            return previous;
        }

        var policy = TelemetryPolicyCompiler.Compile(inputs, proxy.Namespace, proxy.Labels, defaults);
        _lastInputs = inputs;
        return policy;
    }
}
