using System.Net;
using System.Text.Json.Nodes;
using GatewayMesh.Core.Identity;
using GatewayMesh.IntegrationTests.Identity;
using GatewayMesh.IntegrationTests.Infrastructure;
using GatewayMesh.IntegrationTests.Sidecar;
using GatewayMesh.Proxy.Identity;
using GatewayMesh.Registry.Leadership;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>
/// What the WorkloadGroup tests share: a registry on Redis (on a fake clock, with the CA's trust bundle, leading for
/// longer than any test moves the clock), applying YAML, the store's revision, and workload identities.
/// </summary>
internal static class WorkloadGroupHarness
{
    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(30);

    public static async Task<TestRegistry> StartRegistryAsync(RedisServerFixture redis, FakeTimeProvider time, RealCaHost ca)
    {
        var prefix = RedisServerFixture.NewKeyPrefix();
        // A long leader lease keeps this replica leading while the test moves the fake clock.
        var host = await RegistryTestHost.StartAsync(time, storeArgs:
            ["--redis", redis.ConnectionString, "--key-prefix", prefix, "--ca-root-file", ca.RootFile, "--leader-lease", "5m"]);
        await host.Services.GetRequiredService<ILeaderElection>().WaitForLeadershipAsync(CancellationToken.None).WaitAsync(WaitTimeout);
        return new TestRegistry(host, prefix);
    }

    public static async Task ApplyAsync(TestRegistry registry, string yaml)
    {
        using var response = await registry.Host.Client.PostAsync("/api/v1/apply", RegistryTestHost.Yaml(yaml));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task<long> RevisionAsync(TestRegistry registry) =>
        (long)JsonNode.Parse(await registry.Host.Client.GetStringAsync("/api/v1/revision"))!["revision"]!;

    public static SpiffeId Identity(string serviceAccount) => new(SpiffeId.DefaultTrustDomain, "default", serviceAccount);

    /// <summary>
    /// Completes once the sidecar holds its workload certificate. A caller registers before it has one, and without it
    /// its mTLS to a member fails (503, or 502 when the member refuses the missing client certificate after TLS 1.3's
    /// handshake), so a test waits for it before the first call.
    /// </summary>
    public static async Task WaitForCertificateAsync(SidecarTestHost sidecar)
    {
        var certificates = sidecar.App.Services.GetRequiredService<IWorkloadCertificateSource>();
        while (true)
        {
            var changed = certificates.GetChangeToken();
            if (certificates.Current is not null)
            {
                return;
            }

            var next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using (changed.RegisterChangeCallback(static state => ((TaskCompletionSource)state!).TrySetResult(), next))
            {
                await next.Task.WaitAsync(WaitTimeout);
            }
        }
    }
}

internal sealed record TestRegistry(RegistryTestHost Host, string Prefix) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
