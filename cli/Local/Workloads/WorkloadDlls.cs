using GatewayMesh.Cli.Local.Processes;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>
/// The built (or prebuilt) ingress, sidecar and Bookinfo apps. <see cref="Sidecar"/> is either a dll (run with
/// <c>dotnet</c>) or, as <c>up</c> builds it, a native executable compiled ahead of time (<see cref="IsNative"/>).
/// </summary>
internal sealed record WorkloadDlls(string Ingress, string Sidecar, string Bookinfo)
{
    public const string IngressDllVariable = "MESHCTL_INGRESS_DLL";

    /// <summary>A prebuilt sidecar: its dll, or its native executable (a Native AOT publish).</summary>
    public const string SidecarDllVariable = "MESHCTL_SIDECAR_DLL";
    public const string BookinfoDllVariable = "MESHCTL_BOOKINFO_DLL";

    /// <summary>True when <see cref="Sidecar"/> is a native executable rather than a dll.</summary>
    public bool IsNative => !Sidecar.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    /// <summary>Each from its environment override when set, else built into <c>.build/</c> when stale (the sidecar ahead of time, see <see cref="NativeSidecar"/>).</summary>
    public static async Task<WorkloadDlls> EnsureAsync(Builder builder, NativeSidecar sidecar, CancellationToken cancellationToken) => new(
        await builder.EnsureAsync("ingress", "gatewaymesh-ingress.dll", IngressDllVariable, ["proxy"], cancellationToken),
        await sidecar.EnsureAsync(builder, cancellationToken),
        await builder.EnsureAsync(Path.Combine("samples", "bookinfo"), "bookinfo.dll", BookinfoDllVariable, [], cancellationToken));
}
