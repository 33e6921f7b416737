using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;

namespace GatewayMesh.Registry.Lists;

/// <summary>A listchecker handler with a <c>providerUrl</c>: where its list comes from and how often.</summary>
internal sealed record ListProvider(ResourceKey Handler, string Url, ListEntryType EntryType, TimeSpan RefreshInterval, TimeSpan Ttl)
{
    /// <summary>The name of the <c>FetchedList</c> that carries its list: <c>&lt;name&gt;.&lt;kind&gt;</c>, in the handler's namespace.</summary>
    public ResourceKey ListKey => new(ResourceKinds.FetchedList, Handler.Namespace, $"{Handler.Name}.{Handler.Kind}");
}
