namespace GatewayMesh.Core.Config.Validation.Workloads;

/// <summary>A WorkloadEntry: one non-Kubernetes workload, registered by config.</summary>
internal static class WorkloadEntryValidator
{
    public static void Validate(ValidationContext context, Model.WorkloadEntry resource) =>
        WorkloadEntryRules.Validate(context, "spec", resource.Spec, requireAddress: true);
}
