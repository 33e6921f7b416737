using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Cli.Output;

/// <summary>The names kubectl prints for a kind: <c>virtualservice.networking.istio.io</c> and <c>virtualservices.networking.istio.io</c>.</summary>
internal static class KindNames
{
    public static string Singular(ResourceKindInfo kind) => $"{kind.Kind.ToLowerInvariant()}.{kind.Group}";

    public static string Plural(ResourceKindInfo kind) => $"{kind.Plural}.{kind.Group}";

    public static string Singular(string kind) =>
        ResourceKinds.Find(kind) is { } info ? Singular(info) : kind.ToLowerInvariant();

    /// <summary>Resolves what the user typed, or fails listing the kinds there are.</summary>
    public static ResourceKindInfo Resolve(string name) =>
        ResourceKinds.Find(name) ?? throw new CliException(
            $"the server doesn't have a resource type \"{name}\"",
            [$"known kinds: {string.Join(", ", ResourceKinds.All.Select(k => $"{k.Kind} ({string.Join(", ", k.ShortNames.Prepend(k.Plural))})"))}"]);
}
