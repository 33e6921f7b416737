using System.Diagnostics;

namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>What a command-line tool printed and how it exited.</summary>
public sealed record ToolResult(int ExitCode, string Stdout, string Stderr)
{
    public ToolResult EnsureSuccess(string what) =>
        ExitCode == 0 ? this : throw new InvalidOperationException($"{what} exited {ExitCode}:\n{Stderr}\n{Stdout}");
}

/// <summary>Runs helm, kubectl or another tool to the end, with a timeout, capturing its output.</summary>
public static class Tool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<ToolResult> RunAsync(string file, IEnumerable<string> arguments, string? stdin = null, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }

        using var deadline = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} ran longer than {Timeout}");
        }

        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>helm and kubectl against the test API server (its admin kubeconfig), with helm's state in a temporary folder, deleted on dispose.</summary>
public sealed class KubeTools(KubeApiServer server) : IDisposable
{
    private readonly string _helmHome = Directory.CreateTempSubdirectory("gm-helm-").FullName;

    public Task<ToolResult> HelmAsync(params string[] arguments) =>
        Tool.RunAsync(RepositoryPaths.Helm, [.. arguments, "--kubeconfig", server.KubeconfigPath], environment: new Dictionary<string, string>
        {
            ["HELM_CACHE_HOME"] = Path.Combine(_helmHome, "cache"),
            ["HELM_CONFIG_HOME"] = Path.Combine(_helmHome, "config"),
            ["HELM_DATA_HOME"] = Path.Combine(_helmHome, "data"),
        });

    public Task<ToolResult> KubectlAsync(string? stdin, params string[] arguments) =>
        Tool.RunAsync(RepositoryPaths.Kubectl, [.. arguments, "--kubeconfig", server.KubeconfigPath], stdin);

    public void Dispose()
    {
        if (Directory.Exists(_helmHome))
        {
            Directory.Delete(_helmHome, recursive: true);
        }
    }
}
