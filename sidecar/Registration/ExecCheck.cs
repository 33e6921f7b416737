using System.Diagnostics;

namespace GatewayMesh.Sidecar.Registration;

/// <summary>
/// A WorkloadGroup <c>exec</c> check, as Istio's agent runs it on a VM: the command (its first element the program, no
/// shell) runs as the sidecar's user on the workload's own machine and passes when it exits 0. Its output is read and
/// dropped (never mixed into the sidecar's stdout, which launchers parse). On timeout or shutdown its whole process
/// tree is killed. Whoever may write the WorkloadGroup decides the command, exactly as in Istio.
/// </summary>
internal static class ExecCheck
{
    public static async Task<ProbeResult> RunAsync(IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new IOException($"could not start {command[0]}");
        process.StandardInput.Close();
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // it exited meanwhile
            }

            throw;
        }

        return new ProbeResult(process.ExitCode == 0, $"{command[0]} exited {process.ExitCode}");
    }
}
