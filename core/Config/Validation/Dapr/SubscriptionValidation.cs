using GatewayMesh.Core.Config.Model.Dapr;

namespace GatewayMesh.Core.Config.Validation.Dapr;

/// <summary>
/// A Dapr <c>Subscription</c>: pubsub and topic named, at least one route (a default or a rule), each rule with a CEL
/// <c>match</c> and a path. The CEL itself is compiled by the sidecar that runs the subscription.
/// </summary>
internal static class SubscriptionValidation
{
    public const int MaxMatchLength = 4096;

    public static void Validate(ValidationContext context, DaprSubscription subscription)
    {
        var spec = subscription.Spec;
        if (string.IsNullOrEmpty(spec.PubsubName))
        {
            context.Add("spec.pubsubname", "required field is missing");
        }

        if (string.IsNullOrEmpty(spec.Topic))
        {
            context.Add("spec.topic", "required field is missing");
        }

        var routes = spec.Routes;
        if (routes is null || (string.IsNullOrEmpty(routes.Default) && routes.Rules.IsEmpty))
        {
            context.Add("spec.routes", "required: a default path or at least one rule");
        }
        else
        {
            for (var i = 0; i < routes.Rules.Count; i++)
            {
                var rule = routes.Rules[i];
                if (string.IsNullOrWhiteSpace(rule.Match))
                {
                    context.Add($"spec.routes.rules[{i}].match", "required field is missing (a CEL expression such as event.type == \"order\")");
                }
                else if (rule.Match.Length > MaxMatchLength)
                {
                    context.Add($"spec.routes.rules[{i}].match", $"longer than {MaxMatchLength} characters");
                }

                if (string.IsNullOrEmpty(rule.Path))
                {
                    context.Add($"spec.routes.rules[{i}].path", "required field is missing");
                }
            }
        }

        if (spec.DeadLetterTopic is { Length: 0 })
        {
            context.Add("spec.deadLetterTopic", "must not be empty when given");
        }

        ScopeRules.Validate(context, "scopes", subscription.Scopes);
    }
}
