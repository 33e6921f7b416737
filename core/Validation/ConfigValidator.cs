using GatewayMesh.Core.Config;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing;
using GatewayMesh.Core.Config.Validation;
using GatewayMesh.Core.Config.Validation.DestinationRules;
using GatewayMesh.Core.Config.Validation.Gateways;
using GatewayMesh.Core.Config.Validation.Legacy;
using GatewayMesh.Core.Config.Validation.Metadata;
using GatewayMesh.Core.Config.Validation.Policy;
using GatewayMesh.Core.Config.Validation.ProxyConfigs;
using GatewayMesh.Core.Config.Validation.Security;
using GatewayMesh.Core.Config.Validation.ServiceEntries;
using GatewayMesh.Core.Config.Validation.Sidecars;
using GatewayMesh.Core.Config.Validation.Telemetry;
using GatewayMesh.Core.Config.Validation.VirtualServices;
using GatewayMesh.Core.Config.Validation.Workloads;
using Dapr = GatewayMesh.Core.Config.Validation.Dapr;
using Model = GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Validation;

/// <summary>
/// Galley's job: semantic validation of bound resources, every kind. Collects every error, never just the first. The
/// per-kind validators live with their rules in <c>core/Config/Validation</c>; the Mixer kinds and RateLimit, whose
/// expressions need <c>core/Mixer</c>'s CEXL compiler and resolver, are validated here, above both.
/// </summary>
public static class ConfigValidator
{
    /// <summary>Validates one resource on its own. Errors come in field-path order.</summary>
    public static IReadOnlyList<ConfigError> Validate(ConfigResource resource)
    {
        var context = ValidationContext.For(resource);
        Run(context, resource);
        return Sorted(context.Errors);
    }

    /// <summary>
    /// Validates a set applied together: each resource, plus a second definition of the same kind/namespace/name
    /// ("already defined in document N", N counting resources of the set from 1). Errors come in set order.
    /// </summary>
    public static IReadOnlyList<ConfigError> ValidateAll(IEnumerable<ConfigResource> resources)
    {
        var errors = new List<ConfigError>();
        var duplicates = new DuplicateKeys();
        foreach (var resource in resources)
        {
            var context = ValidationContext.For(resource);
            duplicates.Check(context, resource);
            Run(context, resource);
            errors.AddRange(Sorted(context.Errors));
        }

        return errors;
    }

    /// <summary>
    /// Every error of a parsed input at once: for each document in order, its parse errors together with the semantic
    /// errors of what could be bound (a resource bound in part is validated too; errors that follow from a field that
    /// failed to parse are left out, see <see cref="ValidationContext.FollowsFromParseError"/>), in field-path order;
    /// plus duplicates across the set.
    /// </summary>
    public static IReadOnlyList<ConfigError> Check(ConfigParseResult parsed)
    {
        var errors = new List<ConfigError>();
        var duplicates = new DuplicateKeys();
        foreach (var item in parsed.Items)
        {
            if (item.Resource is not { } resource)
            {
                errors.AddRange(item.Errors);
                continue;
            }

            var context = new ValidationContext(item.Label, item.UnboundPaths);
            duplicates.Check(context, resource);
            errors.AddRange(Finish(item, context, resource, stored: true));
        }

        return errors;
    }

    /// <summary>
    /// Every error of one parsed document, as <see cref="Check(ConfigParseResult)"/> reports it (no cross-document
    /// duplicates). <paramref name="stored"/> false is for a sidecar's local resources folder, where a Dapr component
    /// may carry credentials as plain values (daprd allows it; the mesh's config store does not).
    /// </summary>
    public static IReadOnlyList<ConfigError> Check(ParsedItem item, bool stored = true) =>
        item.Resource is { } resource
            ? Finish(item, new ValidationContext(item.Label, item.UnboundPaths), resource, stored)
            : item.Errors;

    private static ConfigError[] Finish(ParsedItem item, ValidationContext context, ConfigResource resource, bool stored)
    {
        Run(context, resource, stored);
        return Sorted(item.Errors.Concat(context.Errors.Where(e => !context.FollowsFromParseError(e))));
    }

    private static void Run(ValidationContext context, ConfigResource resource, bool stored = true)
    {
        MetadataValidator.Validate(context, resource);
        switch (resource)
        {
            case VirtualService virtualService:
                VirtualServiceValidation.Validate(context, virtualService);
                break;
            case Gateway gateway:
                GatewayValidation.Validate(context, gateway);
                break;
            case DestinationRule destinationRule:
                DestinationRuleValidation.Validate(context, destinationRule);
                break;
            case ServiceEntry serviceEntry:
                ServiceEntryValidation.Validate(context, serviceEntry);
                break;
            case PeerAuthentication peerAuthentication:
                PeerAuthenticationValidator.Validate(context, peerAuthentication);
                break;
            case AuthorizationPolicy authorizationPolicy:
                AuthorizationPolicyValidation.Validate(context, authorizationPolicy);
                break;
            case Model.Telemetry telemetry: // observability (issue 13)
                TelemetryValidation.Validate(context, telemetry);
                break;
            // --- config fidelity (issue 12) ---
            case Model.Sidecar sidecar:
                SidecarValidation.Validate(context, sidecar);
                break;
            case WorkloadEntry workloadEntry:
                WorkloadEntryValidator.Validate(context, workloadEntry);
                break;
            case WorkloadGroup workloadGroup:
                WorkloadGroupValidator.Validate(context, workloadGroup);
                break;
            case ProxyConfig proxyConfig:
                ProxyConfigValidator.Validate(context, proxyConfig);
                break;
            case RequestAuthentication requestAuthentication:
                RequestAuthenticationValidator.Validate(context, requestAuthentication);
                break;
            case Model.Legacy.RouteRule routeRule:
                RouteRuleValidation.Validate(context, routeRule);
                break;
            case Model.Legacy.DestinationPolicy destinationPolicy:
                DestinationPolicyValidator.Validate(context, destinationPolicy);
                break;
            case Model.Legacy.EgressRule egressRule:
                EgressRuleValidator.Validate(context, egressRule);
                break;
            case RemoteJwks:
                context.Add("kind", "RemoteJwks is written by the registry (the key set it fetched for a RequestAuthentication's jwksUri) and cannot be applied");
                break;
            // --- end config fidelity ---
            case Model.Dapr.DaprComponent component: // Dapr (issue 14)
                Dapr.ComponentValidation.Validate(context, component, stored);
                break;
            case Model.Dapr.DaprSubscription subscription:
                Dapr.SubscriptionValidation.Validate(context, subscription);
                break;
            // --- policy (issue 17) ---
            case Model.Mixer.IMixerResource:
                MixerValidation.Validate(context, resource);
                break;
            case Model.Policy.RateLimit rateLimit:
                RateLimitValidator.Validate(context, rateLimit);
                break;
            case Model.Policy.MeshConfig meshConfig:
                MeshConfigValidator.Validate(context, meshConfig);
                break;
            case Model.Policy.FetchedList:
                context.Add("", "FetchedList is written by the registry from a listchecker's providerUrl; it cannot be applied");
                break;
            // --- end policy ---
        }
    }

    /// <summary>Numbers a set's resources from 1 and reports a second definition of the same kind/namespace/name.</summary>
    private sealed class DuplicateKeys
    {
        private readonly Dictionary<ResourceKey, int> _firstSeen = [];
        private int _number;

        public void Check(ValidationContext context, ConfigResource resource)
        {
            if (!_firstSeen.TryAdd(resource.Key, ++_number))
            {
                context.Add("metadata.name", $"duplicate {context.Resource}; already defined in document {_firstSeen[resource.Key]}");
            }
        }
    }

    private static ConfigError[] Sorted(IEnumerable<ConfigError> errors) =>
        [.. errors.OrderBy(e => e.Path, FieldPathComparer.Instance)];
}
