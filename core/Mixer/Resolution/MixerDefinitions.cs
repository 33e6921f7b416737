using System.Collections.Immutable;
using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>A handler, whatever its form: its full name, the name Mixer used in messages, its adapter and typed params.</summary>
/// <param name="MessageName">How Mixer named it in a denial: <c>name.kind.namespace</c> for the per-kind form,
/// <c>name.namespace</c> for a generic <c>handler</c> (Istio 1.1+ wrote <c>PERMISSION_DENIED:staticversion.istio-system:...</c>).</param>
/// <param name="Params">The adapter's params record: <see cref="DenierParams"/>, <see cref="ListCheckerParams"/>, ...</param>
public sealed record HandlerDefinition(ResourceKey Source, string FullName, string MessageName, MixerAdapter Adapter, object Params);

/// <summary>An instance, whatever its form: its full name, template and typed params (expressions as source text).</summary>
/// <param name="Params">The template's params record: <see cref="ListEntryParams"/>, <see cref="QuotaParams"/>, ...</param>
/// <param name="ParamsPath">Where the params are in the resource (<c>spec.params</c> or <c>spec</c>), for messages.</param>
public sealed record InstanceDefinition(ResourceKey Source, string FullName, MixerTemplate Template, object Params, string ParamsPath)
{
    public string ShortName => Source.Name;
}

/// <summary>A rule as written: its match and actions (names not yet resolved).</summary>
public sealed record RuleDefinition(ResourceKey Source, string FullName, string? Match, ImmutableArray<RuleAction> Actions);

/// <summary>
/// Reads one Mixer resource into its definition: the adapter or template it names, its params bound into the typed
/// shape (generic <c>params</c> through the same binder as YAML, so the same messages), the adapter's own checks,
/// and every expression parsed and type-checked. Errors are added with their field paths; null when any was found.
/// </summary>
public static class MixerDefinitions
{
    /// <summary>Every check of one Mixer resource on its own (references across resources are <see cref="MixerResolver"/>'s).</summary>
    public static void Validate(ConfigResource resource, ICollection<ConfigError> errors)
    {
        switch (resource)
        {
            case MixerRule rule:
                ReadRule(rule, errors);
                break;
            case QuotaSpec spec:
                QuotaBindingRules.Check(spec.Spec, new MixerErrorSink(spec, errors));
                break;
            case QuotaSpecBinding binding:
                QuotaBindingRules.Check(binding.Spec, new MixerErrorSink(binding, errors));
                break;
            case IMixerResource { Role: MixerRole.Handler }:
                ReadHandler(resource, errors);
                break;
            case IMixerResource { Role: MixerRole.Instance }:
                ReadInstance(resource, errors);
                break;
        }
    }

    public static HandlerDefinition? ReadHandler(ConfigResource resource, ICollection<ConfigError> errors)
    {
        var sink = new MixerErrorSink(resource, errors);
        var name = resource.Metadata.Name;
        var fullName = MixerNames.FullName(name, resource.Kind, resource.Metadata.Namespace);
        CheckName(resource, sink);
        (MixerAdapter? adapter, object? parameters, string path, string messageName) = resource switch
        {
            MixerHandler generic => ReadGeneric(generic, sink),
            DenierHandler d => (MixerAdapter.Denier, d.Spec, "spec", fullName),
            ListCheckerHandler l => (MixerAdapter.ListChecker, l.Spec, "spec", fullName),
            MemQuotaHandler m => (MixerAdapter.MemQuota, m.Spec, "spec", fullName),
            RedisQuotaHandler r => (MixerAdapter.RedisQuota, r.Spec, "spec", fullName),
            PrometheusHandler p => (MixerAdapter.Prometheus, p.Spec, "spec", fullName),
            StdioHandler s => (MixerAdapter.Stdio, (object?)s.Spec, "spec", fullName),
            _ => (null, null, "spec", fullName),
        };
        if (adapter is null || parameters is null)
        {
            return null;
        }

        AdapterParamsRules.Check(parameters, path, sink);
        return sink.Count > 0 ? null : new HandlerDefinition(resource.Key, fullName, messageName, adapter.Value, parameters);
    }

    public static InstanceDefinition? ReadInstance(ConfigResource resource, ICollection<ConfigError> errors)
    {
        var sink = new MixerErrorSink(resource, errors);
        var fullName = MixerNames.FullName(resource.Metadata.Name, resource.Kind, resource.Metadata.Namespace);
        CheckName(resource, sink);
        (MixerTemplate? template, object? parameters, string path) = resource switch
        {
            MixerInstance generic => ReadGeneric(generic, sink),
            CheckNothingInstance c => (MixerTemplate.CheckNothing, c.Spec, "spec"),
            ListEntryInstance l => (MixerTemplate.ListEntry, l.Spec, "spec"),
            QuotaInstance q => (MixerTemplate.Quota, q.Spec, "spec"),
            MetricInstance m => (MixerTemplate.Metric, m.Spec, "spec"),
            LogEntryInstance l => (MixerTemplate.LogEntry, (object?)l.Spec, "spec"),
            _ => (null, null, "spec"),
        };
        if (template is null || parameters is null)
        {
            return null;
        }

        TemplateParamsRules.Check(parameters, path, sink);
        return sink.Count > 0 ? null : new InstanceDefinition(resource.Key, fullName, template.Value, parameters, path);
    }

    public static RuleDefinition? ReadRule(MixerRule rule, ICollection<ConfigError> errors)
    {
        var sink = new MixerErrorSink(rule, errors);
        var spec = rule.Spec;
        if (!string.IsNullOrWhiteSpace(spec.Match))
        {
            MixerExpressions.Check(spec.Match, Expressions.CexlType.Bool, "spec.match", sink);
        }

        if (spec.Actions.Count == 0 && spec.RequestHeaderOperations.Count == 0 && spec.ResponseHeaderOperations.Count == 0)
        {
            sink.Add("spec.actions", "a rule needs at least one action");
        }

        for (var i = 0; i < spec.Actions.Count; i++)
        {
            var action = spec.Actions[i];
            if (string.IsNullOrWhiteSpace(action.Handler))
            {
                sink.Add($"spec.actions[{i}].handler", "required field is missing");
            }

            if (action.Instances.Count == 0)
            {
                sink.Add($"spec.actions[{i}].instances", "an action needs at least one instance");
            }

            for (var j = 0; j < action.Instances.Count; j++)
            {
                if (string.IsNullOrWhiteSpace(action.Instances[j]))
                {
                    sink.Add($"spec.actions[{i}].instances[{j}]", "instance name is empty");
                }
            }
        }

        HeaderOperationRules.Check(spec.RequestHeaderOperations, "spec.requestHeaderOperations", sink);
        HeaderOperationRules.Check(spec.ResponseHeaderOperations, "spec.responseHeaderOperations", sink);
        if (spec.Sampling is not null)
        {
            sink.Add("spec.sampling", "rule sampling is not supported; remove it (every matching call is processed)");
        }

        var fullName = MixerNames.FullName(rule.Metadata.Name, rule.Kind, rule.Metadata.Namespace);
        return sink.Count > 0 ? null : new RuleDefinition(rule.Key, fullName, string.IsNullOrWhiteSpace(spec.Match) ? null : spec.Match, [.. spec.Actions]);
    }

    private static (MixerAdapter?, object?, string, string) ReadGeneric(MixerHandler handler, MixerErrorSink sink)
    {
        var spec = handler.Spec;
        var messageName = $"{handler.Metadata.Name}.{handler.Metadata.Namespace}";
        if (spec.Adapter is not null || spec.Connection is not null)
        {
            sink.Add(spec.Adapter is not null ? "spec.adapter" : "spec.connection",
                "out-of-process adapters are not supported; use compiledAdapter with one of " + string.Join(", ", MixerCatalog.AdapterNames));
        }

        if (spec.CompiledAdapter is null)
        {
            if (spec.Adapter is null)
            {
                sink.Add("spec.compiledAdapter", "required field is missing (one of " + string.Join(", ", MixerCatalog.AdapterNames) + ")");
            }

            return (null, null, "spec.params", messageName);
        }

        var adapter = MixerCatalog.Adapter(spec.CompiledAdapter);
        if (adapter is null)
        {
            sink.Add("spec.compiledAdapter", $"unknown adapter \"{spec.CompiledAdapter}\": expected one of {string.Join(", ", MixerCatalog.AdapterNames)}");
            return (null, null, "spec.params", messageName);
        }

        var parameters = adapter.Value switch
        {
            MixerAdapter.Denier => sink.Bind<DenierParams>(spec.Params, "spec.params"),
            MixerAdapter.ListChecker => sink.Bind<ListCheckerParams>(spec.Params, "spec.params"),
            MixerAdapter.MemQuota => sink.Bind<MemQuotaParams>(spec.Params, "spec.params"),
            MixerAdapter.RedisQuota => sink.Bind<RedisQuotaParams>(spec.Params, "spec.params"),
            MixerAdapter.Prometheus => sink.Bind<PrometheusParams>(spec.Params, "spec.params"),
            _ => (object?)sink.Bind<StdioParams>(spec.Params, "spec.params"),
        };
        return (adapter, parameters, "spec.params", messageName);
    }

    private static (MixerTemplate?, object?, string) ReadGeneric(MixerInstance instance, MixerErrorSink sink)
    {
        var spec = instance.Spec;
        if (spec.Template is not null)
        {
            sink.Add("spec.template", "out-of-process templates are not supported; use compiledTemplate with one of " + string.Join(", ", MixerCatalog.TemplateNames));
        }

        if (!spec.AttributeBindings.IsEmpty)
        {
            sink.Add("spec.attributeBindings", "attribute bindings belong to attribute-generating templates, which are not supported");
        }

        if (spec.CompiledTemplate is null)
        {
            if (spec.Template is null)
            {
                sink.Add("spec.compiledTemplate", "required field is missing (one of " + string.Join(", ", MixerCatalog.TemplateNames) + ")");
            }

            return (null, null, "spec.params");
        }

        var template = MixerCatalog.Template(spec.CompiledTemplate);
        if (template is null)
        {
            sink.Add("spec.compiledTemplate", $"unknown template \"{spec.CompiledTemplate}\": expected one of {string.Join(", ", MixerCatalog.TemplateNames)}");
            return (null, null, "spec.params");
        }

        var parameters = template.Value switch
        {
            MixerTemplate.CheckNothing => sink.Bind<CheckNothingParams>(spec.Params, "spec.params"),
            MixerTemplate.ListEntry => sink.Bind<ListEntryParams>(spec.Params, "spec.params"),
            MixerTemplate.Quota => sink.Bind<QuotaParams>(spec.Params, "spec.params"),
            MixerTemplate.Metric => sink.Bind<MetricParams>(spec.Params, "spec.params"),
            _ => (object?)sink.Bind<LogEntryParams>(spec.Params, "spec.params"),
        };
        return (template, parameters, "spec.params");
    }

    /// <summary>Rules name handlers and instances as <c>name.kind.namespace</c>, so a name may not contain a dot.</summary>
    private static void CheckName(ConfigResource resource, MixerErrorSink sink)
    {
        if (resource.Metadata.Name.Contains('.', StringComparison.Ordinal))
        {
            sink.Add("metadata.name", $"\"{resource.Metadata.Name}\" contains '.'; Mixer names handlers and instances as name.kind.namespace, so rules could not name it");
        }
    }
}
