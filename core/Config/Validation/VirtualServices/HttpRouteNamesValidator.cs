using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>HTTP route names are unique within a VirtualService (they name routes in metrics and logs).</summary>
internal static class HttpRouteNamesValidator
{
    public static void Validate(ValidationContext context, VirtualService resource)
    {
        var names = new DuplicateTracker<string>(context, "route name");
        for (var i = 0; i < resource.Spec.Http.Count; i++)
        {
            if (resource.Spec.Http[i].Name is { Length: > 0 } name)
            {
                names.Add(name, $"spec.http[{i}]", $"spec.http[{i}].name");
            }
        }
    }
}
