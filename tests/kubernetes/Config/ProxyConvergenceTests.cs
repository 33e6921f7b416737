using GatewayMesh.Ingress.Hosting;
using GatewayMesh.KubernetesTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace GatewayMesh.KubernetesTests.Config;

/// <summary>
/// The last hop of the Kubernetes path: config applied with kubectl reaches a running ingress through Redis, the
/// ingress logged in as the chart's read-only, password-less <c>proxy</c> ACL user, and it serves the routes.
/// </summary>
[Collection(KubeCollection.Name)]
public sealed class ProxyConvergenceTests(KubeEnvironment environment)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task KubectlApply_BookinfoGatewayAndRoutes_RunningIngressConvergesOnThem()
    {
        var plane = await environment.ControlPlaneAsync();
        var ns = TestNamespaces.New("converge");
        await ServiceAccountTokens.EnsureNamespaceAsync(environment.Server.Client, ns);
        var app = IngressApp.Create(
            ["--redis", plane.Redis.Address, "--redis-user", "proxy", "--http-port", "0", "--https-port", "0", "--admin-port", "0", "--namespace", ns],
            services => services.AddLogging(l => l.ClearProviders()));
        await app.StartAsync();
        try
        {
            var listeners = app.Services.GetRequiredService<IngressListeners>();
            using var admin = new HttpClient { BaseAddress = listeners.AdminUri };
            var bookinfo = Path.Combine(AppContext.BaseDirectory, "configs", "bookinfo");
            (await environment.Tools.KubectlAsync(null, "apply", "-n", ns, "-f", Path.Combine(bookinfo, "bookinfo-gateway.yaml"))).EnsureSuccess("kubectl apply");

            // Routed once the ingress has the gateway's routes: a 503 (no endpoints run here), no longer a 404.
            using var http = new HttpClient { BaseAddress = listeners.HttpUri };
            await Eventually.TrueAsync(async () =>
            {
                var routes = await admin.GetStringAsync("/debug/routes");
                using var response = await http.GetAsync("/productpage");
                return routes.Contains("productpage", StringComparison.Ordinal) && response.StatusCode != System.Net.HttpStatusCode.NotFound;
            }, Timeout, "the ingress serving the Bookinfo gateway's routes");
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
