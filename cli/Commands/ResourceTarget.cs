using GatewayMesh.Core.Config.Model;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Commands;

/// <summary>What <c>get</c> and <c>delete</c> address: a kind, an optional name, and a namespace (null for all namespaces).</summary>
internal sealed record ResourceTarget(ResourceKindInfo Kind, string? Name, string? Namespace)
{
    /// <summary>Reads <c>KIND [NAME]</c> or <c>KIND/NAME</c> plus <c>-n</c>/<c>-A</c>.</summary>
    public static ResourceTarget From(string kindArgument, string? nameArgument, string? ns, bool allNamespaces)
    {
        var kindText = kindArgument;
        var name = nameArgument;
        var slash = kindArgument.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            if (name is not null)
            {
                throw new CliException($"there is no need to specify a name after \"{kindArgument}\"");
            }

            kindText = kindArgument[..slash];
            name = kindArgument[(slash + 1)..];
            if (name.Length == 0)
            {
                throw new CliException($"missing name after \"{kindText}/\"");
            }
        }

        if (allNamespaces && name is not null)
        {
            throw new CliException("a resource cannot be retrieved by name across all namespaces");
        }

        if (allNamespaces && ns is not null)
        {
            throw new CliException("--namespace and --all-namespaces cannot be used together");
        }

        var kind = KindNames.Resolve(kindText);
        return new ResourceTarget(kind, name, allNamespaces ? null : ns ?? ResourceMetadata.DefaultNamespace);
    }
}
