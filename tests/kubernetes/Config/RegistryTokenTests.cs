using System.Net;
using GatewayMesh.KubernetesTests.Infrastructure;
using Xunit;

namespace GatewayMesh.KubernetesTests.Config;

/// <summary>
/// meshctl against the in-cluster registry: the API token is one Secret the registry made (never a chart template),
/// so every replica behind the Service accepts it; a user reads it with kubectl, as docs/kubernetes.md shows, and
/// meshctl works with it against any replica. A wrong token is refused.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class RegistryTokenTests(KubeEnvironment environment)
{
    [Fact]
    public async Task ApiToken_OneSecretForEveryReplica_MeshctlWorksWithTheTokenKubectlReads()
    {
        var plane = await environment.ControlPlaneAsync();
        var read = (await environment.Tools.KubectlAsync(null, "get", "secret", "gatewaymesh-registry-token", "-n", ControlPlane.Namespace, "-o", "jsonpath={.data.token}"))
            .EnsureSuccess("kubectl get secret gatewaymesh-registry-token");
        var token = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(read.Stdout.Trim()));
        Assert.True(token.Length >= 43, "32 random bytes, base64url");
        Assert.Equal(token, plane.Registry.Token);

        var replica = await plane.StartReplicaAsync("registry-token-b", serveWebhooks: false);
        try
        {
            Assert.Equal(token, replica.Token);
            var directory = Directory.CreateTempSubdirectory("gm-kube-token-").FullName;
            try
            {
                // What the docs tell a user to do: the token into an owner-only file, meshctl --token-file.
                var tokenFile = Path.Combine(directory, "registry.token");
                File.WriteAllText(tokenFile, token);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
                foreach (var registry in new[] { plane.Registry, replica })
                {
                    var get = await Meshctl.RunWithTokenFileAsync(registry, tokenFile, "get", "gateways", "-A");
                    Assert.True(get.ExitCode == 0, $"meshctl get gateways against {registry}: {get.ExitCode}\n{get.Stderr}");
                }

                using var wrong = new HttpClient { BaseAddress = replica.Url };
                wrong.DefaultRequestHeaders.Authorization = new("Bearer", "not-the-token");
                Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/v1/configs")).StatusCode);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        finally
        {
            await replica.StopAsync();
        }
    }
}
