using System.CommandLine;
using GatewayMesh.Cli.Kubernetes;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl manifest crds</c>: prints the CustomResourceDefinitions of every kind the mesh serves, the content of
/// <c>charts/gatewaymesh/crds/crds.yaml</c> (regenerate it after adding a kind).
/// </summary>
internal static class ManifestCommand
{
    public static Command Create(CliApp app)
    {
        var command = new Command("manifest", "Print Kubernetes manifests generated from the mesh's kinds");
        var crds = new Command("crds", "Print a CustomResourceDefinition for every kind the mesh serves");
        crds.SetAction(app, context =>
        {
            context.Out.Write(CrdManifest.Yaml());
            return Task.FromResult(0);
        });
        command.Subcommands.Add(crds);
        return command;
    }
}
