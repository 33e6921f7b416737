using System.CommandLine;
using GatewayMesh.Cli.Kubernetes;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl images build [--tag T] [--prefix P] [--load minikube] [--minikube-profile P]</c>: builds every image the
/// chart uses (see <see cref="ImagePlan"/>). With a Docker daemon the images land in it; without one they are written
/// as archives under <c>.build/images/</c> (and proxy-init, a Dockerfile, needs docker or minikube); with
/// <c>--load minikube</c> the archives are loaded into minikube and proxy-init is built inside it.
/// </summary>
internal static class ImagesCommand
{
    public static Command Create(CliApp app)
    {
        var tag = new Option<string>("--tag") { Description = "Image tag (the chart's appVersion by default)", DefaultValueFactory = _ => "0.1.0" };
        var prefix = new Option<string>("--prefix") { Description = "Repository prefix", DefaultValueFactory = _ => ImagePlan.DefaultRepositoryPrefix };
        var load = new Option<string?>("--load") { Description = "Load the images into: minikube" };
        var profile = new Option<string>("--minikube-profile") { Description = "minikube profile", DefaultValueFactory = _ => "minikube" };
        var build = new Command("build", "Build the registry, ca, ingress, sidecar, bookinfo and proxy-init images") { tag, prefix, load, profile };
        build.SetAction(app, async context =>
        {
            var loadInto = context.Get(load);
            if (loadInto is not (null or "minikube"))
            {
                throw new CliException($"--load {loadInto}: only minikube is supported");
            }

            var paths = MeshPaths.Resolve(context.Environment, null);
            var target = loadInto == "minikube" ? ImageTarget.Minikube
                : ExecutableFinder.Find("docker", context.Environment) is not null ? ImageTarget.Docker : ImageTarget.Archive;
            var archives = Path.Combine(paths.RepoRoot, ".build", "images");
            Directory.CreateDirectory(archives);
            foreach (var step in ImagePlan.For(context.Get(tag), context.Get(prefix), target, archives, context.Get(profile)))
            {
                if (ExecutableFinder.Find(step.Program, context.Environment) is not { } program)
                {
                    context.Error.WriteLine($"skipped {step.Image}: {step.Program} is not installed");
                    continue;
                }

                context.Out.WriteLine($"{step.Image}: {step.Program} {string.Join(' ', step.Arguments)}");
                var exit = await ExternalCommand.RunAsync(program, step.Arguments, context.Error.WriteLine,
                    new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1" }, context.CancellationToken);
                if (exit != 0)
                {
                    throw new CliException($"building {step.Image} failed ({step.Program} exited {exit})");
                }
            }

            return 0;
        });
        var command = new Command("images", "Build the mesh's container images");
        command.Subcommands.Add(build);
        return command;
    }
}
