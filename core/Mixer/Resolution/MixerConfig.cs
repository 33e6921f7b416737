using System.Collections.Immutable;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Model.Mixer;

namespace GatewayMesh.Core.Mixer.Resolution;

/// <summary>One action of a rule with its names resolved: the handler and the instances it receives.</summary>
public sealed record ResolvedAction(HandlerDefinition Handler, ImmutableArray<InstanceDefinition> Instances, string? Name);

/// <summary>A rule with every name resolved. <see cref="Namespace"/> scopes it: the root namespace means every call.</summary>
public sealed record ResolvedRule(
    RuleDefinition Definition,
    string Namespace,
    ImmutableArray<ResolvedAction> Actions,
    ImmutableArray<HeaderOperationTemplate> RequestHeaderOperations,
    ImmutableArray<HeaderOperationTemplate> ResponseHeaderOperations);

/// <summary>A QuotaSpec and where it lives.</summary>
public sealed record QuotaSpecDefinition(ResourceKey Source, QuotaSpecSpec Spec);

/// <summary>A QuotaSpecBinding with its QuotaSpecs resolved.</summary>
public sealed record ResolvedQuotaBinding(ResourceKey Source, ImmutableArray<QuotaBindingService> Services, ImmutableArray<QuotaSpecDefinition> Specs);

/// <summary>
/// The Mixer config of a snapshot, resolved as Mixer's runtime resolved it: rules whose handlers and instances all
/// exist and fit, and quota bindings whose specs exist. Built by <see cref="MixerResolver"/>; immutable.
/// </summary>
public sealed record MixerConfig(
    ImmutableArray<ResolvedRule> Rules,
    ImmutableArray<HandlerDefinition> Handlers,
    ImmutableArray<ResolvedQuotaBinding> QuotaBindings)
{
    public static MixerConfig Empty { get; } = new([], [], []);

    public bool IsEmpty => Rules.IsEmpty && QuotaBindings.IsEmpty;
}
