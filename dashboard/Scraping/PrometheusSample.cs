namespace GatewayMesh.Dashboard.Scraping;

/// <summary>One sample of a Prometheus text exposition: metric name, labels, value.</summary>
internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";
}
