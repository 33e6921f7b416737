using GatewayMesh.Core.Config.Model.Mixer;
using GatewayMesh.Core.Config.Validation;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>QuotaSpec and QuotaSpecBinding fields: charges, match clauses and the services bound.</summary>
internal static class QuotaBindingRules
{
    public static void Check(QuotaSpecBindingSpec spec, MixerErrorSink sink)
    {
        if (spec.Services.Count == 0)
        {
            sink.Add("spec.services", "a binding needs at least one service (name and namespace, or service: \"*\")");
        }

        for (var i = 0; i < spec.Services.Count; i++)
        {
            var service = spec.Services[i];
            if (service.Service is { } all && all != "*")
            {
                sink.Add($"spec.services[{i}].service", $"only \"*\" (every service) is supported here, got \"{all}\"; name a service with name and namespace");
            }
            else if (service.Service is null && string.IsNullOrWhiteSpace(service.Name))
            {
                sink.Add($"spec.services[{i}].name", "required field is missing (or service: \"*\")");
            }
        }

        if (spec.QuotaSpecs.Count == 0)
        {
            sink.Add("spec.quotaSpecs", "a binding needs at least one QuotaSpec");
        }

        for (var i = 0; i < spec.QuotaSpecs.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(spec.QuotaSpecs[i].Name))
            {
                sink.Add($"spec.quotaSpecs[{i}].name", "required field is missing");
            }
        }
    }

    public static void Check(QuotaSpecSpec spec, MixerErrorSink sink)
    {
        for (var i = 0; i < spec.Rules.Count; i++)
        {
            var rule = spec.Rules[i];
            if (rule.Quotas.Count == 0)
            {
                sink.Add($"spec.rules[{i}].quotas", "a quota rule needs at least one quota");
            }

            for (var j = 0; j < rule.Quotas.Count; j++)
            {
                var quota = rule.Quotas[j];
                if (string.IsNullOrWhiteSpace(quota.Quota))
                {
                    sink.Add($"spec.rules[{i}].quotas[{j}].quota", "required field is missing (the quota instance's name)");
                }

                if (quota.Charge is not > 0)
                {
                    sink.Add($"spec.rules[{i}].quotas[{j}].charge", quota.Charge is null ? "required field is missing" : $"must be > 0, got {quota.Charge}");
                }
            }

            for (var j = 0; j < rule.Match.Count; j++)
            {
                foreach (var (attribute, match) in rule.Match[j].Clause)
                {
                    var path = $"spec.rules[{i}].match[{j}].clause[{attribute}]";
                    if (Attributes.AttributeVocabulary.Find(attribute) is not { Type: Expressions.CexlType.String })
                    {
                        sink.Add(path, $"\"{attribute}\" is not a STRING attribute");
                    }

                    var forms = new[] { match.Exact, match.Prefix, match.Regex }.Count(v => v is not null);
                    if (forms != 1)
                    {
                        sink.Add(path, "exactly one of exact, prefix, regex");
                    }
                    else if (match.Regex is { } regex && MeshRegex.Validate(regex) is { } error)
                    {
                        sink.Add($"{path}.regex", error);
                    }
                }
            }
        }
    }
}
