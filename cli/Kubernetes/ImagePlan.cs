namespace GatewayMesh.Cli.Kubernetes;

/// <summary>One step of an image build: a program and its arguments, run from the repository root.</summary>
public sealed record ImageStep(string Image, string Program, IReadOnlyList<string> Arguments);

/// <summary>Where the images go: the local Docker daemon, archives in a folder, or archives loaded into minikube.</summary>
public enum ImageTarget
{
    Docker,
    Archive,
    Minikube,
}

/// <summary>
/// The commands <c>meshctl images build</c> runs. The .NET components are built with the SDK's container support
/// (<c>dotnet publish -t:PublishContainer</c>: no Dockerfile, no daemon needed to build, the image written as an archive
/// when there is no daemon), as UID 1337, non-root; proxy-init (iptables) is the one Dockerfile, built by minikube or
/// docker. Pure: the command only runs what this returns, so tests check the plan.
/// </summary>
public static class ImagePlan
{
    public const string DefaultRepositoryPrefix = "gatewaymesh";
    public const string ProxyUser = "1337";

    public static IReadOnlyList<(string Name, string Project)> Components { get; } =
    [
        ("registry", "registry/GatewayMesh.Registry.csproj"),
        ("ca", "ca/GatewayMesh.Ca.csproj"),
        ("ingress", "ingress/GatewayMesh.Ingress.csproj"),
        ("sidecar", "sidecar/GatewayMesh.Sidecar.csproj"),
        ("bookinfo", "samples/bookinfo/GatewayMesh.Samples.Bookinfo.csproj"),
    ];

    public static IReadOnlyList<ImageStep> For(string tag, string prefix, ImageTarget target, string archiveDir, string minikubeProfile)
    {
        var steps = new List<ImageStep>();
        foreach (var (name, project) in Components)
        {
            var image = $"{prefix}/{name}:{tag}";
            var archive = Path.Combine(archiveDir, $"{name}-{tag}.tar.gz");
            List<string> publish =
            [
                "publish", project, "-c", "Release", "-t:PublishContainer", "--nologo", "-v", "q",
                $"-p:ContainerRepository={prefix}/{name}", $"-p:ContainerImageTag={tag}", $"-p:ContainerUser={ProxyUser}",
            ];
            if (target != ImageTarget.Docker)
            {
                publish.Add($"-p:ContainerArchiveOutputPath={archive}");
            }

            steps.Add(new ImageStep(image, "dotnet", publish));
            if (target == ImageTarget.Minikube)
            {
                steps.Add(new ImageStep(image, "minikube", ["-p", minikubeProfile, "image", "load", archive]));
            }
        }

        var init = $"{prefix}/proxy-init:{tag}";
        steps.Add(target == ImageTarget.Minikube
            ? new ImageStep(init, "minikube", ["-p", minikubeProfile, "image", "build", "-t", init, "eng/images/proxy-init"])
            : new ImageStep(init, "docker", ["build", "-t", init, "eng/images/proxy-init"]));
        return steps;
    }
}
