using GatewayMesh.Core.Config.Annotations;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.VirtualServices;

/// <summary>The <c>gatewaymesh.io/hedging</c> annotation, when present, must parse (<c>delay=50ms,max=2</c>).</summary>
internal static class HedgingAnnotationValidator
{
    public static void Validate(ValidationContext context, VirtualService resource)
    {
        if (resource.Metadata.Annotations.TryGetValue(HedgingAnnotation.Key, out var text)
            && !HedgingAnnotation.TryParse(text, out _, out var error))
        {
            context.Add($"metadata.annotations[{HedgingAnnotation.Key}]", error);
        }
    }
}
