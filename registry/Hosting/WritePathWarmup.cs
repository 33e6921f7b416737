using System.Reflection;
using System.Text.Json.Serialization;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.Registry.Api;

namespace GatewayMesh.Registry.Hosting;

/// <summary>
/// Runs the CPU-heavy part of a config write once before the registry serves: the YAML binder, the validators and
/// the canonical JSON metadata of every kind. Cold, that costs a fresh process about 0.5–1 s of CPU (the JSON metadata
/// alone about 0.4 s) against about 10 ms warm, and it fell on the first apply a replica took, typically the first
/// write after it took over from a leader that died. On a loaded machine that one write took longer than a client's
/// 10 s timeout. Paid at start, it delays only the "listening" line.
/// </summary>
internal static class WritePathWarmup
{
    /// <summary>A valid resource that goes through everything an apply does before the store.</summary>
    internal const string Sample = """
        apiVersion: networking.istio.io/v1
        kind: VirtualService
        metadata:
          name: warmup
          namespace: default
        spec:
          hosts:
          - warmup
          http:
          - route:
            - destination:
                host: warmup
                subset: v1
        """;

    /// <summary>Parses, validates and round-trips <see cref="Sample"/>, and builds the JSON metadata of every kind; returns the resources it wrote and read back.</summary>
    public static IReadOnlyList<ConfigResource> Run()
    {
        var parsed = ConfigParser.Parse(Sample, "warm-up", RequestBody.Limits);
        var errors = ConfigChecks.ErrorsOf(parsed);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("the registry's warm-up sample is not valid config: " + string.Join("; ", errors));
        }

        foreach (var kind in typeof(ConfigResource).GetCustomAttributes<JsonDerivedTypeAttribute>())
        {
            MeshJson.Options.GetTypeInfo(kind.DerivedType);
        }

        return [.. parsed.Resources.Select(r => MeshJson.DeserializeResource(MeshJson.SerializeResource(r)))];
    }

    /// <summary>Runs <see cref="Run()"/> and logs how long it took.</summary>
    public static void Run(TimeProvider time, ILogger logger)
    {
        var started = time.GetTimestamp();
        Run();
        var took = (long)time.GetElapsedTime(started).TotalMilliseconds;
        Log.WritePathWarmed(logger, took);
    }
}
