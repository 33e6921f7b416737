using System.CommandLine;

namespace GatewayMesh.Cli.Commands;

/// <summary>Options of the local-mesh commands (up, down, status).</summary>
internal static class MeshOptions
{
    public static Option<string?> StateDir() => new("--state-dir")
    {
        Description = "Folder for state.json, logs, secrets and Redis data (env MESHCTL_STATE_DIR; default <repo>/.meshctl)",
    };
}
