namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>
/// Mixer's names. Every handler and instance has the fully qualified name <c>name.kind.namespace</c>
/// (<c>denyreviewsv3handler.handler.default</c>, <c>whitelist.listchecker.default</c>). A rule may name one by:
/// <list type="bullet">
/// <item><c>name</c>: <c>name.handler.&lt;rule's namespace&gt;</c> (or <c>instance</c>): the generic form;</item>
/// <item><c>name.x</c>: ambiguous, as in Mixer: first <c>name.x.&lt;rule's namespace&gt;</c> (x a kind, the older form), then
/// <c>name.handler.x</c> (x a namespace);</item>
/// <item><c>name.kind.namespace</c>: as written.</item>
/// </list>
/// </summary>
public static class MixerNames
{
    public static string FullName(string name, string kind, string @namespace) => $"{name}.{kind}.{@namespace}";

    /// <summary>The names to look up, most likely first (one or two).</summary>
    public static IReadOnlyList<string> Candidates(string reference, string desiredKind, string @namespace)
    {
        var parts = reference.Split('.');
        return parts.Length switch
        {
            1 => [FullName(reference, desiredKind, @namespace)],
            2 => [FullName(parts[0], parts[1], @namespace), FullName(parts[0], desiredKind, parts[1])],
            _ => [reference],
        };
    }

    /// <summary>The short name (before the first dot) of a fully qualified name.</summary>
    public static string ShortName(string fullName)
    {
        var dot = fullName.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? fullName : fullName[..dot];
    }
}
