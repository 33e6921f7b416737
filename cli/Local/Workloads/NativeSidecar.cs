using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Workloads;

/// <summary>
/// The sidecar <c>up</c> runs: compiled ahead of time (Native AOT) into <c>.build/sidecar-native/</c>, since one runs
/// beside every workload and the native build takes about a third of the JIT build's memory (bench/README.md). Native
/// AOT links with <c>clang</c>: installed with apt-get when missing (as root on Debian); where it cannot be, the
/// sidecar is built as a dll and run with <c>dotnet</c>, with a warning. <c>$MESHCTL_SIDECAR_DLL</c> (a dll or a
/// native executable) overrides both.
/// </summary>
internal sealed class NativeSidecar(CliEnvironment environment, PackageInstaller installer, Progress progress)
{
    public const string ExecutableName = "gatewaymesh-sidecar";
    private const string Linker = "clang";

    public async Task<string> EnsureAsync(Builder builder, CancellationToken cancellationToken)
    {
        if (environment.GetVariable(WorkloadDlls.SidecarDllVariable) is { Length: > 0 })
        {
            return await builder.EnsureAsync("sidecar", "gatewaymesh-sidecar.dll", WorkloadDlls.SidecarDllVariable, ["proxy"], cancellationToken);
        }

        if (ExecutableFinder.Find(Linker, environment) is null)
        {
            if (!installer.CanInstall(out var reason))
            {
                progress.Warn($"the sidecar runs JIT-compiled (about three times the memory): Native AOT needs {Linker}, and {reason} (apt-get install {Linker})");
                return await builder.EnsureAsync("sidecar", "gatewaymesh-sidecar.dll", WorkloadDlls.SidecarDllVariable, ["proxy"], cancellationToken);
            }

            await installer.InstallAsync(Linker, cancellationToken);
        }

        return await builder.EnsurePublishedNativeAsync("sidecar", ExecutableName, ["proxy"], cancellationToken);
    }
}
