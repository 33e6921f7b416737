using System.Globalization;
using System.Net;

namespace GatewayMesh.Registry.Kubernetes.Injection;

/// <summary>
/// What a pod keeps out of its iptables capture, from Istio's annotations: <c>traffic.sidecar.istio.io/excludeInboundPorts</c>
/// and <c>excludeOutboundPorts</c> (comma-separated ports) and <c>excludeOutboundIPRanges</c> (comma-separated IPv4
/// CIDRs), e.g. a database the app must reach directly. <see cref="Read"/> reports every bad value at once, each with
/// the annotation's field path; the injector refuses such a pod rather than capture what the user excluded.
/// </summary>
internal sealed record TrafficExclusions(IReadOnlyList<int> InboundPorts, IReadOnlyList<int> OutboundPorts, IReadOnlyList<string> OutboundCidrs)
{
    public const string InboundPortsAnnotation = "traffic.sidecar.istio.io/excludeInboundPorts";
    public const string OutboundPortsAnnotation = "traffic.sidecar.istio.io/excludeOutboundPorts";
    public const string OutboundRangesAnnotation = "traffic.sidecar.istio.io/excludeOutboundIPRanges";

    public static TrafficExclusions None { get; } = new([], [], []);

    /// <summary>The exclusions <paramref name="annotations"/> ask for; the problems, each naming its annotation, in <paramref name="errors"/>.</summary>
    public static TrafficExclusions Read(IDictionary<string, string>? annotations, List<string> errors)
    {
        if (annotations is null)
        {
            return None;
        }

        return new(
            Ports(annotations, InboundPortsAnnotation, errors),
            Ports(annotations, OutboundPortsAnnotation, errors),
            Cidrs(annotations, errors));
    }

    private static List<int> Ports(IDictionary<string, string> annotations, string key, List<string> errors) =>
        [.. Values(annotations, key).Where(value =>
            {
                var valid = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535;
                if (!valid)
                {
                    errors.Add($"{Path(key)}: '{value}' is not a port (1-65535)");
                }

                return valid;
            })
            .Select(value => int.Parse(value, CultureInfo.InvariantCulture))
            .Distinct()
            .Order()];

    private static List<string> Cidrs(IDictionary<string, string> annotations, List<string> errors) =>
        [.. Values(annotations, OutboundRangesAnnotation).Where(value =>
            {
                var valid = IPNetwork.TryParse(value, out var network) && network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
                if (!valid)
                {
                    errors.Add($"{Path(OutboundRangesAnnotation)}: '{value}' is not an IPv4 CIDR (e.g. 10.0.0.0/8)");
                }

                return valid;
            })
            .Distinct(StringComparer.Ordinal)];

    private static IEnumerable<string> Values(IDictionary<string, string> annotations, string key) =>
        annotations.TryGetValue(key, out var list)
            ? list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : [];

    private static string Path(string key) => $"metadata.annotations[\"{key}\"]";
}
