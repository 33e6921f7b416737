using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing.Binding;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing.Documents;

/// <summary>
/// Binds <c>metadata</c>: name, namespace (empty means <c>default</c>), labels, annotations and resourceVersion.
/// The fields a Kubernetes server fills in, which <c>kubectl get -o yaml</c> prints, are accepted and dropped.
/// Bad fields are reported and left unset; null means there is no usable name.
/// </summary>
internal static class MetadataBinder
{
    private static readonly ObjectPlan Plan = new(
        typeof(ResourceMetadata),
        [
            "uid", "creationTimestamp", "generation", "managedFields", "selfLink", "finalizers", "ownerReferences",
            "generateName", "deletionTimestamp", "deletionGracePeriodSeconds",
        ]);

    public static ResourceMetadata? Bind(YamlNode? node, FieldPath path, BindingContext context)
    {
        if (node is null or YamlScalar { IsNull: true })
        {
            context.Add(path, "required field is missing");
            return null;
        }

        Plan.TryBind(node, path, context, out var bound);
        if (bound is not ResourceMetadata metadata)
        {
            return null;
        }

        if (metadata.Name.Length == 0)
        {
            var namePath = path.Field("name");
            var nameText = namePath.ToString();
            if (!context.Errors.Any(e => e.Path == nameText))
            {
                context.Add(namePath, "required field is missing");
            }

            return null;
        }

        return metadata.Namespace.Length == 0 ? metadata with { Namespace = ResourceMetadata.DefaultNamespace } : metadata;
    }
}
