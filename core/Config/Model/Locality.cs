using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model;

/// <summary>
/// Where a workload runs, as Istio names it: <c>region/zone/subzone</c> (each part optional from the right; empty
/// parts are unknown). A workload's locality comes from its WorkloadEntry's <c>locality</c>, else from its labels:
/// Istio's <c>istio-locality</c> (<c>region.zone.subzone</c>, since a label value cannot hold '/'), else the Kubernetes
/// topology labels <c>topology.kubernetes.io/region</c> and <c>/zone</c> with Istio's <c>topology.istio.io/subzone</c>.
/// </summary>
public sealed record Locality(string Region, string Zone, string Subzone)
{
    public const string RegionLabel = "topology.kubernetes.io/region";
    public const string ZoneLabel = "topology.kubernetes.io/zone";
    public const string SubzoneLabel = "topology.istio.io/subzone";
    public const string IstioLocalityLabel = "istio-locality";

    /// <summary>No locality known (all parts empty).</summary>
    public static Locality Unknown { get; } = new("", "", "");

    public bool IsUnknown => Region.Length == 0 && Zone.Length == 0 && Subzone.Length == 0;

    /// <summary><c>region/zone/subzone</c> as given; null or blank is <see cref="Unknown"/>. Parts past the third stay in the subzone.</summary>
    public static Locality Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Unknown;
        }

        var parts = text.Trim().Split('/', 3);
        return new Locality(parts[0], parts.Length > 1 ? parts[1] : "", parts.Length > 2 ? parts[2] : "");
    }

    /// <summary>The locality <paramref name="labels"/> carry (<c>istio-locality</c> first, then the topology labels); <see cref="Unknown"/> when none.</summary>
    public static Locality FromLabels(ValueMap<string, string> labels)
    {
        if (labels.TryGetValue(IstioLocalityLabel, out var istio) && !string.IsNullOrWhiteSpace(istio))
        {
            return Parse(istio.Replace('.', '/'));
        }

        return new Locality(labels.GetValueOrDefault(RegionLabel) ?? "", labels.GetValueOrDefault(ZoneLabel) ?? "", labels.GetValueOrDefault(SubzoneLabel) ?? "");
    }

    /// <summary>
    /// Whether this locality is matched by <paramref name="pattern"/> (<c>*</c>, <c>us-west/*</c>, <c>us-west/zone-1</c>,
    /// <c>us-west/zone-1/rack-7</c>): a <c>*</c> part, or a part the pattern leaves out, matches anything.
    /// </summary>
    public bool MatchedBy(string pattern)
    {
        var parts = pattern.Split('/', 3);
        return Part(parts, 0, Region) && Part(parts, 1, Zone) && Part(parts, 2, Subzone);

        static bool Part(string[] parts, int index, string value) =>
            index >= parts.Length || parts[index] == "*" || (index > 0 && parts[index].Length == 0) || parts[index] == value;
    }

    /// <summary>The topology labels for this locality (the parts that are known).</summary>
    public IEnumerable<KeyValuePair<string, string>> Labels()
    {
        if (Region.Length > 0)
        {
            yield return KeyValuePair.Create(RegionLabel, Region);
        }

        if (Zone.Length > 0)
        {
            yield return KeyValuePair.Create(ZoneLabel, Zone);
        }

        if (Subzone.Length > 0)
        {
            yield return KeyValuePair.Create(SubzoneLabel, Subzone);
        }
    }

    public override string ToString() => Subzone.Length > 0 ? $"{Region}/{Zone}/{Subzone}" : Zone.Length > 0 ? $"{Region}/{Zone}" : Region;
}
