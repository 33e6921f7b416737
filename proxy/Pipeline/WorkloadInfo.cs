using System.Collections.Concurrent;
using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Pipeline;

/// <summary>
/// Who a workload is, as Istio's metric labels name it: workload (Deployment) name, namespace, <c>app</c> and
/// <c>version</c> labels, canonical service and revision, cluster, and its labels. Every text is cut to
/// <see cref="MaxValueLength"/> characters and stripped of control characters when made, so a hostile peer can never
/// break a label or a log line. Instances are interned (<see cref="Intern"/>): the same workload is one object, which
/// makes it a cheap part of a metric key.
/// </summary>
public sealed record WorkloadInfo
{
    public const int MaxValueLength = 256;
    public const string Unknown = "unknown";
    private const int MaxInterned = 4096;

    private static readonly ConcurrentDictionary<WorkloadInfo, WorkloadInfo> Interned = new();

    public static WorkloadInfo UnknownWorkload { get; } = Intern(new WorkloadInfo());

    public string Name { get; init; } = Unknown;

    public string Namespace { get; init; } = Unknown;

    public string App { get; init; } = Unknown;

    public string Version { get; init; } = Unknown;

    public string CanonicalService { get; init; } = Unknown;

    public string CanonicalRevision { get; init; } = Unknown;

    public string Cluster { get; init; } = Unknown;

    public string? ServiceAccount { get; init; }

    public ValueMap<string, string> Labels { get; init; }

    /// <summary>
    /// A workload from its labels, the way Istio derives the label values: app from <c>app</c> (or
    /// <c>app.kubernetes.io/name</c>), version from <c>version</c>, canonical service from
    /// <c>service.istio.io/canonical-name</c> (else the app), canonical revision from
    /// <c>service.istio.io/canonical-revision</c> (else the version, else <c>latest</c>).
    /// </summary>
    public static WorkloadInfo From(string? name, string? @namespace, ValueMap<string, string> labels, string? cluster, string? serviceAccount = null)
    {
        var app = Label(labels, "app") ?? Label(labels, "app.kubernetes.io/name");
        var version = Label(labels, "version") ?? Label(labels, "app.kubernetes.io/version");
        var kept = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels)
        {
            if (kept.Count >= 64)
            {
                break;
            }

            kept[Clean(key)] = Clean(value);
        }

        return Intern(new WorkloadInfo
        {
            Name = CleanOrUnknown(name),
            Namespace = CleanOrUnknown(@namespace),
            App = CleanOrUnknown(app),
            Version = CleanOrUnknown(version),
            CanonicalService = CleanOrUnknown(Label(labels, "service.istio.io/canonical-name") ?? app ?? name),
            CanonicalRevision = CleanOrUnknown(Label(labels, "service.istio.io/canonical-revision") ?? version ?? "latest"),
            Cluster = CleanOrUnknown(cluster),
            ServiceAccount = serviceAccount is null ? null : Clean(serviceAccount),
            Labels = new ValueMap<string, string>(kept),
        });
    }

    /// <summary>The one shared instance equal to <paramref name="info"/>; once the table is full, the value itself.</summary>
    public static WorkloadInfo Intern(WorkloadInfo info)
    {
        if (Interned.TryGetValue(info, out var existing))
        {
            return existing;
        }

        return Interned.Count < MaxInterned ? Interned.GetOrAdd(info, info) : info;
    }

    /// <summary>Cuts to <see cref="MaxValueLength"/> characters and replaces control characters with <c>_</c>.</summary>
    public static string Clean(string value)
    {
        var text = value.Length > MaxValueLength ? value[..MaxValueLength] : value;
        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return string.Create(text.Length, text, static (span, source) =>
                {
                    for (var i = 0; i < source.Length; i++)
                    {
                        span[i] = char.IsControl(source[i]) ? '_' : source[i];
                    }
                });
            }
        }

        return text;
    }

    private static string CleanOrUnknown(string? value) => string.IsNullOrEmpty(value) ? Unknown : Clean(value);

    private static string? Label(ValueMap<string, string> labels, string key) =>
        labels.TryGetValue(key, out var value) && value.Length > 0 ? value : null;
}
