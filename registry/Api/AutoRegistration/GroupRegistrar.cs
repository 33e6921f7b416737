using GatewayMesh.Core.Blocks.ConfigStore;
using GatewayMesh.Core.Blocks.Registry;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Serialization;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Registry.Api.AutoRegistration;

/// <summary>
/// Istio's WorkloadGroup auto-registration: a proxy that proves it holds a workload certificate whose SPIFFE ID is the
/// group's namespace and template service account gets a WorkloadEntry made from the group (<see cref="GroupMembership"/>)
/// and an instance leased to it, which its heartbeats keep. Everything else is refused, and nothing is written then:
/// no trust bundle (403), a proof that does not verify (401), another identity (403), an entry of that name that the
/// group does not own (409). A registration also carries the member's probe verdict (<see cref="MemberHealth"/>): a
/// proxy registers again whenever its verdict changes, and the instance is healthy or not accordingly.
/// </summary>
internal sealed class GroupRegistrar(
    IConfigStore store, IConfigWriter writer, IServiceRegistry registry, TimeProvider time, AutoRegistrationTrust trust,
    ILogger<GroupRegistrar> logger)
{
    private readonly TrustBundleFile _bundle = new(trust.RootFile);

    public async Task<IResult> RegisterAsync(string @namespace, string name, GroupRegistration body, CancellationToken cancellationToken)
    {
        var problems = GroupMembership.ErrorsOf(body);
        if (problems.Count > 0)
        {
            return ApiErrors.BadRequest("invalid registration", problems);
        }

        if (await store.GetAsync(new ResourceKey(ResourceKinds.WorkloadGroup, @namespace, name), cancellationToken) is not WorkloadGroup group)
        {
            return ApiErrors.NotFound($"WorkloadGroup {@namespace}/{name} not found");
        }

        if (Authenticate(group, body) is { } refused)
        {
            return refused;
        }

        if (GroupMembership.ServiceOf(group) is not { } service)
        {
            return ApiErrors.BadRequest($"WorkloadGroup {@namespace}/{name} cannot take members", ["spec.template.labels.app: required for auto-registration (the service its members join)"]);
        }

        var now = time.GetUtcNow();
        var entry = GroupMembership.Entry(group, body, now);
        if (entry.Metadata.Name.Length > PathSegments.MaxNameLength)
        {
            return ApiErrors.BadRequest("invalid registration", [$"the entry name '{PathSegments.Truncate(entry.Metadata.Name)}' is longer than {PathSegments.MaxNameLength} characters"]);
        }

        var existing = await store.GetAsync(entry.Key, cancellationToken) as WorkloadEntry;
        if (existing is not null && !OwnedBy(existing, name))
        {
            return ApiErrors.Conflict($"WorkloadEntry {entry.Metadata.Namespace}/{entry.Metadata.Name} exists and was not auto-registered by WorkloadGroup {name}");
        }

        entry = GroupMembership.Entry(group, body, now, existing);
        var healthy = MemberHealth.IsHealthy(group, body);
        await writer.PutAsync(entry, PutMode.Upsert, cancellationToken);
        var lease = await registry.RegisterAsync(GroupMembership.Instance(entry, service, body, healthy), TimeSpan.FromSeconds(body.LeaseSeconds), cancellationToken);
        AutoRegistrationLog.Registered(logger, entry.Metadata.Namespace, entry.Metadata.Name, name, body.Address, body.Port);
        if (MemberHealth.ConditionOf(entry) is { } condition && condition.Status != MemberHealth.ConditionOf(existing)?.Status)
        {
            AutoRegistrationLog.HealthChanged(logger, entry.Metadata.Namespace, entry.Metadata.Name, condition.Status);
        }

        return Results.Json(lease, MeshJson.Options);
    }

    private IResult? Authenticate(WorkloadGroup group, GroupRegistration body)
    {
        var key = $"{group.Metadata.Namespace}/{group.Metadata.Name}";
        if (_bundle.Current() is not { } roots)
        {
            AutoRegistrationLog.Refused(logger, key, "no trust bundle (--ca-root-file)");
            return ApiErrors.Result(StatusCodes.Status403Forbidden,
                "auto-registration is off: the registry has no trust bundle to check workload certificates with (start it with --ca-root-file)");
        }

        var statement = WorkloadProof.GroupRegistrationStatement(group.Metadata.Namespace, group.Metadata.Name, body.Address, body.Port, body.Network, body.Healthy);
        if (!body.Proof!.TryVerify(statement, roots, trust.TrustDomain, time.GetUtcNow(), out var identity, out var error))
        {
            AutoRegistrationLog.Refused(logger, key, error);
            return ApiErrors.Result(StatusCodes.Status401Unauthorized, "workload not authenticated", [error]);
        }

        var account = GroupMembership.ServiceAccountOf(group);
        if (identity.Namespace != group.Metadata.Namespace || identity.ServiceAccount != account)
        {
            var reason = $"{identity} may not join WorkloadGroup {key}: its members run as spiffe://{trust.TrustDomain}/ns/{group.Metadata.Namespace}/sa/{account}";
            AutoRegistrationLog.Refused(logger, key, reason);
            return ApiErrors.Result(StatusCodes.Status403Forbidden, reason);
        }

        return null;
    }

    public static bool OwnedBy(WorkloadEntry entry, string group) =>
        entry.Metadata.Annotations.TryGetValue(Core.Config.Model.AutoRegistration.GroupAnnotation, out var owner) && owner == group;
}
