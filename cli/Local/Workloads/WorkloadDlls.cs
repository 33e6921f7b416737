using GatewayMesh.Cli.Local.Processes;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>The built (or prebuilt) dlls of the ingress, the sidecar and the Bookinfo apps.</summary>
internal sealed record WorkloadDlls(string Ingress, string Sidecar, string Bookinfo)
{
    public const string IngressDllVariable = "MESHCTL_INGRESS_DLL";
    public const string SidecarDllVariable = "MESHCTL_SIDECAR_DLL";
    public const string BookinfoDllVariable = "MESHCTL_BOOKINFO_DLL";

    /// <summary>Each dll from its environment override when set, else built into <c>.build/</c> when stale.</summary>
    public static async Task<WorkloadDlls> EnsureAsync(Builder builder, CancellationToken cancellationToken) => new(
        await builder.EnsureAsync("ingress", "gatewaymesh-ingress.dll", IngressDllVariable, ["proxy"], cancellationToken),
        await builder.EnsureAsync("sidecar", "gatewaymesh-sidecar.dll", SidecarDllVariable, ["proxy"], cancellationToken),
        await builder.EnsureAsync(Path.Combine("samples", "bookinfo"), "bookinfo.dll", BookinfoDllVariable, [], cancellationToken));
}
