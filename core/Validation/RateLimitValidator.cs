using GatewayMesh.Core.Config.Model.Policy;
using GatewayMesh.Core.Config.Validation;
using GatewayMesh.Core.Config.Validation.Rules;
using GatewayMesh.Core.Mixer.Expressions;

namespace GatewayMesh.Core.Validation;

/// <summary>RateLimit: a selector or routes to apply to, a local bucket and/or global descriptors, each complete.</summary>
internal static class RateLimitValidator
{
    private static readonly TimeSpan MinFillInterval = TimeSpan.FromMilliseconds(50);

    public static void Validate(ValidationContext context, RateLimit resource)
    {
        var spec = resource.Spec;
        if (spec.Local is null && spec.Global is null)
        {
            context.Add("spec", "a RateLimit needs local, global or both");
        }

        if (spec.Selector is { } selector)
        {
            LabelRules.ValidateLabels(context, "spec.selector.matchLabels", selector.MatchLabels);
        }

        for (var i = 0; i < spec.Routes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(spec.Routes[i].VirtualService))
            {
                context.Add($"spec.routes[{i}].virtualService", "required field is missing");
            }
        }

        if (spec.Local is { } local)
        {
            Local(context, local);
        }

        if (spec.Global is { } global)
        {
            Global(context, global);
        }
    }

    private static void Local(ValidationContext context, LocalRateLimit local)
    {
        if (local.TokenBucket is not { } bucket)
        {
            context.Add("spec.local.tokenBucket", "required field is missing");
        }
        else
        {
            if (bucket.MaxTokens is not > 0)
            {
                context.Add("spec.local.tokenBucket.maxTokens", bucket.MaxTokens is null ? "required field is missing" : $"must be > 0, got {bucket.MaxTokens}");
            }

            if (bucket.TokensPerFill is <= 0)
            {
                context.Add("spec.local.tokenBucket.tokensPerFill", $"must be > 0, got {bucket.TokensPerFill}");
            }

            if (bucket.FillInterval is not { } interval)
            {
                context.Add("spec.local.tokenBucket.fillInterval", "required field is missing");
            }
            else if (interval.Value < MinFillInterval)
            {
                context.Add("spec.local.tokenBucket.fillInterval", $"must be at least 50ms (as Envoy requires), got {interval}");
            }
        }

        if (local.StatusCode is { } status and (< 400 or > 599))
        {
            context.Add("spec.local.statusCode", $"must be an HTTP error status (400 to 599), got {status}");
        }

        foreach (var name in local.ResponseHeaders.Keys)
        {
            HeaderRules.Name(context, $"spec.local.responseHeaders[{name}]", name);
        }
    }

    private static void Global(ValidationContext context, GlobalRateLimit global)
    {
        if (global.Descriptors.Count == 0)
        {
            context.Add("spec.global.descriptors", "a global rate limit needs at least one descriptor");
        }

        for (var i = 0; i < global.Descriptors.Count; i++)
        {
            var descriptor = global.Descriptors[i];
            var path = $"spec.global.descriptors[{i}]";
            if (descriptor.Entries.Count == 0)
            {
                context.Add($"{path}.entries", "a descriptor needs at least one entry");
            }

            for (var j = 0; j < descriptor.Entries.Count; j++)
            {
                var entry = descriptor.Entries[j];
                if (string.IsNullOrWhiteSpace(entry.Key))
                {
                    context.Add($"{path}.entries[{j}].key", "required field is missing");
                }

                if (string.IsNullOrWhiteSpace(entry.Value))
                {
                    context.Add($"{path}.entries[{j}].value", "required field is missing (an expression, e.g. request.headers[\"x-user\"] | \"anonymous\")");
                }
                else if (Cexl.Compile(entry.Value, out var error) is null)
                {
                    context.Add($"{path}.entries[{j}].value", error!);
                }
            }

            if (descriptor.Limit is not { } limit)
            {
                context.Add($"{path}.limit", "required field is missing");
                continue;
            }

            if (limit.RequestsPerUnit is not > 0)
            {
                context.Add($"{path}.limit.requestsPerUnit", limit.RequestsPerUnit is null ? "required field is missing" : $"must be > 0, got {limit.RequestsPerUnit}");
            }

            if (limit.Unit is null)
            {
                context.Add($"{path}.limit.unit", "required field is missing (SECOND, MINUTE, HOUR or DAY)");
            }
        }
    }
}
