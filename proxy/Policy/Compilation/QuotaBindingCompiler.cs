using GatewayMesh.Core.Config.Validation;
using GatewayMesh.Core.Mixer.Attributes;
using GatewayMesh.Core.Mixer.Resolution;
using GatewayMesh.Proxy.Policy.Quotas;
using GatewayMesh.Proxy.Routing;

namespace GatewayMesh.Proxy.Policy.Compilation;

/// <summary>
/// The QuotaSpecBindings a proxy charges: on a sidecar only those that bind its own service (fixed), on the ingress
/// every binding (the route's destination service decides per call).
/// </summary>
internal static class QuotaBindingCompiler
{
    public static CompiledQuotas Compile(MixerConfig config, IReadOnlyDictionary<string, IReadOnlyList<QuotaAction>> actions, ProxyIdentity proxy)
    {
        if (config.QuotaBindings.IsEmpty || actions.Count == 0)
        {
            return CompiledQuotas.Empty;
        }

        var bindings = new List<QuotaBinding>();
        foreach (var binding in config.QuotaBindings)
        {
            var everyService = binding.Services.Any(s => s.Service == "*");
            var services = binding.Services
                .Where(s => s.Name is not null)
                .Select(s => (s.Name!, string.IsNullOrEmpty(s.Namespace) ? binding.Source.Namespace : s.Namespace!))
                .ToList();
            var rules = binding.Specs.SelectMany(s => s.Spec.Rules).Select(r => new QuotaSpecRule(
                [.. r.Match.Select(m => (IReadOnlyList<ClauseMatch>)[.. m.Clause.Select(c => Clause(c.Key, c.Value))])],
                [.. r.Quotas.Select(q => (q.Quota!, q.Charge ?? 1))])).ToList();
            var compiled = new QuotaBinding(services, everyService, rules);
            if (proxy.Role == ProxyRole.Ingress || compiled.Binds(proxy.ServiceName, proxy.Namespace))
            {
                bindings.Add(compiled);
            }
        }

        return bindings.Count == 0 ? CompiledQuotas.Empty : new CompiledQuotas(bindings, actions);
    }

    private static ClauseMatch Clause(string attribute, Core.Config.Model.Mixer.AttributeStringMatch match) => new(
        AttributeVocabulary.Find(attribute)!.Id,
        match.Exact,
        match.Prefix,
        match.Regex is { } regex ? MeshRegex.Compile(regex) : null);
}
