using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Core.Collections;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.ProxyConfigs;
using GatewayMesh.Core.Config.Serialization;
using ProxyConfigResource = GatewayMesh.Core.Config.Model.ProxyConfig;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>
/// The stored Istio ProxyConfigs, read once before <c>up</c> starts the proxies, and what each proxy's process gets
/// from them (<see cref="ProxyProcessEnvironment"/>: <c>environmentVariables</c>, and <c>concurrency</c> as
/// <c>DOTNET_PROCESSOR_COUNT</c>). As in Istio, a ProxyConfig changed later applies when the proxy next starts.
/// Variables <c>up</c> sets itself (telemetry endpoints) win over a ProxyConfig's. The names travel in
/// <see cref="ProxyProcessEnvironment.NamesVariable"/>, so the sidecar keeps them from the app it starts.
/// </summary>
internal sealed class ProxyConfigEnvironment(IReadOnlyList<ConfigResource> proxyConfigs, string rootNamespace = "istio-system")
{
    public const string IngressNamespace = "istio-system";

    public static readonly ValueMap<string, string> IngressLabels = new([KeyValuePair.Create("istio", "ingressgateway")]);

    public static ProxyConfigEnvironment None { get; } = new([]);

    public static async Task<ProxyConfigEnvironment> ReadAsync(RegistryClient client, CancellationToken cancellationToken)
    {
        var stored = await client.ListConfigsAsync(ResourceKinds.ProxyConfig, null, cancellationToken);
        return new([.. stored.Items.Select(item => MeshJson.DeserializeResource(item.GetRawText())).OfType<ProxyConfigResource>()]);
    }

    /// <summary><paramref name="spec"/> with the variables of the ProxyConfigs that apply to its workload added.</summary>
    public ProcessSpec Apply(ProcessSpec spec, string workloadNamespace, IReadOnlyDictionary<string, string> labels)
    {
        var fromConfigs = ProxyProcessEnvironment.For(proxyConfigs, workloadNamespace, labels, rootNamespace);
        if (fromConfigs.Count == 0)
        {
            return spec;
        }

        var environment = new Dictionary<string, string>(fromConfigs, StringComparer.Ordinal)
        {
            [ProxyProcessEnvironment.NamesVariable] = string.Join(',', fromConfigs.Keys),
        };
        foreach (var (name, value) in spec.Environment)
        {
            environment[name] = value;
        }

        return spec with { Environment = environment };
    }

    public static ValueMap<string, string> SidecarLabels(string service, string version) =>
        new([KeyValuePair.Create("app", service), KeyValuePair.Create("version", version)]);
}
