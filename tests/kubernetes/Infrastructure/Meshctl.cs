using GatewayMesh.Cli;

namespace GatewayMesh.KubernetesTests.Infrastructure;

/// <summary>Runs meshctl in-process against a registry replica, with captured output, no environment and no context file.</summary>
public static class Meshctl
{
    public static Task<ToolResult> RunAsync(RegistryInstance registry, string stdin, params string[] args) =>
        RunAsync([.. args, "--server", registry.Url.ToString(), "--token", registry.Token], stdin);

    /// <summary>meshctl with the token from a file (<c>--token-file</c>), as a user runs it.</summary>
    public static Task<ToolResult> RunWithTokenFileAsync(RegistryInstance registry, string tokenFile, params string[] args) =>
        RunAsync([.. args, "--server", registry.Url.ToString(), "--token-file", tokenFile], "");

    private static async Task<ToolResult> RunAsync(string[] args, string stdin)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            GetVariable = _ => null,
            HomeDirectory = Path.Combine(Path.GetTempPath(), "meshctl-no-home-" + Guid.NewGuid().ToString("N")),
            CurrentDirectory = Path.GetTempPath(),
        };
        string[] all = [.. args, "--request-timeout", "3m"];
        var exitCode = await MeshctlApp.RunAsync(all, new CliConsole(output, error, new StringReader(stdin)), environment);
        return new ToolResult(exitCode, output.ToString(), error.ToString());
    }
}
