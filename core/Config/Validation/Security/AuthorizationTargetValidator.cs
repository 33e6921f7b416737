using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Security;

/// <summary>What a policy applies to (selector or targetRef(s), not both) and its action (CUSTOM goes with a provider).</summary>
internal static class AuthorizationTargetValidator
{
    public static void Validate(ValidationContext context, AuthorizationPolicy resource)
    {
        var spec = resource.Spec;
        var hasTargetRefs = spec.TargetRef is not null || !spec.TargetRefs.IsEmpty;
        if (spec.Selector is not null && hasTargetRefs)
        {
            context.Add("spec", "set selector or targetRef/targetRefs, not both");
        }

        if (spec.TargetRef is not null && !spec.TargetRefs.IsEmpty)
        {
            context.Add("spec", "set targetRef or targetRefs, not both");
        }

        if (spec.Selector is { } selector)
        {
            LabelRules.ValidateLabels(context, "spec.selector.matchLabels", selector.MatchLabels);
        }

        var isCustom = spec.Action == AuthorizationAction.Custom;
        if (isCustom && string.IsNullOrEmpty(spec.Provider?.Name))
        {
            context.Add("spec.provider.name", "action CUSTOM requires a provider name");
        }
        else if (!isCustom && spec.Provider is not null)
        {
            context.Add("spec.provider", "provider is only allowed with action CUSTOM");
        }
    }
}
