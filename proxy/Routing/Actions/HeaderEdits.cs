using GatewayMesh.Core.Collections;

namespace GatewayMesh.Proxy.Routing;

/// <summary>Header changes for one direction: overwrite (<c>set</c>), append (<c>add</c>), then <c>remove</c>.</summary>
public sealed record HeaderEdits(ValueMap<string, string> Set, ValueMap<string, string> Add, ValueList<string> Remove)
{
    public static HeaderEdits None { get; } = new(default, default, default);

    public bool IsEmpty => Set.IsEmpty && Add.IsEmpty && Remove.IsEmpty;
}

/// <summary>Istio's <c>headers</c> block compiled: changes to the forwarded request and to the returned response.</summary>
public sealed record HeaderPolicy(HeaderEdits Request, HeaderEdits Response)
{
    public static HeaderPolicy None { get; } = new(HeaderEdits.None, HeaderEdits.None);

    public bool IsEmpty => Request.IsEmpty && Response.IsEmpty;
}
