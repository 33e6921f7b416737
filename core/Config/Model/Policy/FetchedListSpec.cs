using GatewayMesh.Core.Collections;

namespace GatewayMesh.Core.Config.Model.Policy;

/// <summary>
/// A list checker's fetched list (<c>FetchedList &lt;handler namespace&gt;/&lt;handler name&gt;.&lt;kind&gt;</c>), written
/// only by the registry, which fetches each listchecker's <c>providerUrl</c> every <c>refreshInterval</c> and publishes
/// the result through the store. <see cref="Available"/> false (with <see cref="Error"/>) once the list could not be
/// refreshed for its <c>ttl</c>: proxies then refuse the checks (fail closed), as Mixer did with a purged list.
/// </summary>
public sealed record FetchedListSpec
{
    public string? ProviderUrl { get; init; }

    public ValueList<string> Entries { get; init; }

    public bool? Available { get; init; }

    public string? Error { get; init; }
}
