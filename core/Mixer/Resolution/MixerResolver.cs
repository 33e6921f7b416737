using System.Collections.Immutable;
using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>
/// Resolves a set of Mixer resources as Mixer's runtime did (its "ephemeral" snapshot): every handler and instance by
/// full name, every rule's references with Mixer's name rules (<see cref="MixerNames"/>), each instance's template
/// against what its handler's adapter supports, and QuotaSpecBindings against QuotaSpecs. Pure: the registry runs it
/// to reject config that would break references (as Galley did), each proxy to build what it enforces. A broken action
/// is left out (and reported); the rest of the rule still applies.
/// </summary>
public static class MixerResolver
{
    public static MixerConfig Resolve(IEnumerable<ConfigResource> resources, ICollection<ConfigError>? errors = null)
    {
        errors ??= [];
        var handlers = new Dictionary<string, HandlerDefinition>(StringComparer.Ordinal);
        var instances = new Dictionary<string, InstanceDefinition>(StringComparer.Ordinal);
        var rules = new List<MixerRule>();
        var specs = new Dictionary<(string Namespace, string Name), QuotaSpecDefinition>();
        var bindings = new List<QuotaSpecBinding>();
        foreach (var resource in resources.Where(r => r is IMixerResource).OrderBy(r => r.Key.ToString(), StringComparer.Ordinal))
        {
            switch (resource)
            {
                case MixerRule rule:
                    rules.Add(rule);
                    break;
                case QuotaSpec spec:
                    specs[(spec.Metadata.Namespace, spec.Metadata.Name)] = new QuotaSpecDefinition(spec.Key, spec.Spec);
                    break;
                case QuotaSpecBinding binding:
                    bindings.Add(binding);
                    break;
                case IMixerResource { Role: MixerRole.Handler }:
                    if (MixerDefinitions.ReadHandler(resource, errors) is { } handler)
                    {
                        handlers[handler.FullName] = handler;
                    }

                    break;
                case IMixerResource { Role: MixerRole.Instance }:
                    if (MixerDefinitions.ReadInstance(resource, errors) is { } instance)
                    {
                        instances[instance.FullName] = instance;
                    }

                    break;
            }
        }

        var resolvedRules = rules.Select(r => ResolveRule(r, handlers, instances, errors)).OfType<ResolvedRule>().ToImmutableArray();
        var resolvedBindings = bindings.Select(b => ResolveBinding(b, specs, errors)).ToImmutableArray();
        return new MixerConfig(resolvedRules, [.. handlers.Values], resolvedBindings);
    }

    private static ResolvedRule? ResolveRule(
        MixerRule rule,
        Dictionary<string, HandlerDefinition> handlers,
        Dictionary<string, InstanceDefinition> instances,
        ICollection<ConfigError> errors)
    {
        if (MixerDefinitions.ReadRule(rule, errors) is not { } definition)
        {
            return null;
        }

        var sink = new MixerErrorSink(rule, errors);
        var ns = rule.Metadata.Namespace;
        var actions = ImmutableArray.CreateBuilder<ResolvedAction>();
        for (var i = 0; i < definition.Actions.Length; i++)
        {
            var action = definition.Actions[i];
            var handler = Find(action.Handler!, ResourceKinds.MixerHandler, ns, handlers, out var looked);
            if (handler is null)
            {
                sink.Add($"spec.actions[{i}].handler", $"handler \"{action.Handler}\" not found (looked for {looked})");
                continue;
            }

            var resolved = ImmutableArray.CreateBuilder<InstanceDefinition>();
            for (var j = 0; j < action.Instances.Count; j++)
            {
                var path = $"spec.actions[{i}].instances[{j}]";
                var instance = Find(action.Instances[j], ResourceKinds.MixerInstance, ns, instances, out looked);
                if (instance is null)
                {
                    sink.Add(path, $"instance \"{action.Instances[j]}\" not found (looked for {looked})");
                }
                else if (resolved.Any(r => r.FullName == instance.FullName))
                {
                    sink.Add(path, $"the action names instance {instance.FullName} more than once");
                }
                else if (!MixerCatalog.Supports(handler.Adapter, instance.Template))
                {
                    sink.Add(path, $"instance {instance.FullName} is of template '{MixerCatalog.Name(instance.Template)}', which handler {handler.FullName} " +
                        $"({MixerCatalog.Name(handler.Adapter)}) does not support; it supports {string.Join(", ", MixerCatalog.TemplatesOf(handler.Adapter).Select(MixerCatalog.Name))}");
                }
                else if (HandlerFit.Problem(handler, instance) is { } problem)
                {
                    sink.Add(path, problem);
                }
                else
                {
                    resolved.Add(instance);
                }
            }

            if (resolved.Count > 0)
            {
                actions.Add(new ResolvedAction(handler, resolved.ToImmutable(), action.Name));
            }
        }

        var spec = rule.Spec;
        return actions.Count == 0 && spec.RequestHeaderOperations.Count == 0 && spec.ResponseHeaderOperations.Count == 0
            ? null
            : new ResolvedRule(definition, ns, actions.ToImmutable(), [.. spec.RequestHeaderOperations], [.. spec.ResponseHeaderOperations]);
    }

    private static T? Find<T>(string reference, string kind, string ns, Dictionary<string, T> byName, out string looked)
        where T : class
    {
        var candidates = MixerNames.Candidates(reference, kind, ns);
        looked = string.Join(" or ", candidates);
        foreach (var candidate in candidates)
        {
            if (byName.TryGetValue(candidate, out var found))
            {
                return found;
            }
        }

        return null;
    }

    private static ResolvedQuotaBinding ResolveBinding(QuotaSpecBinding binding, Dictionary<(string, string), QuotaSpecDefinition> specs, ICollection<ConfigError> errors)
    {
        var sink = new MixerErrorSink(binding, errors);
        QuotaBindingRules.Check(binding.Spec, sink);
        var resolved = ImmutableArray.CreateBuilder<QuotaSpecDefinition>();
        for (var i = 0; i < binding.Spec.QuotaSpecs.Count; i++)
        {
            var reference = binding.Spec.QuotaSpecs[i];
            if (string.IsNullOrWhiteSpace(reference.Name))
            {
                continue;
            }

            var ns = string.IsNullOrEmpty(reference.Namespace) ? binding.Metadata.Namespace : reference.Namespace;
            if (specs.TryGetValue((ns, reference.Name), out var spec))
            {
                resolved.Add(spec);
            }
            else
            {
                sink.Add($"spec.quotaSpecs[{i}]", $"QuotaSpec {ns}/{reference.Name} not found");
            }
        }

        return new ResolvedQuotaBinding(binding.Key, [.. binding.Spec.Services], resolved.ToImmutable());
    }
}
