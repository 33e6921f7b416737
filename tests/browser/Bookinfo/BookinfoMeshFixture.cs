using System.Diagnostics;
using GatewayMesh.BrowserTests.Browser;
using GatewayMesh.IntegrationTests.Up;
using Microsoft.Playwright;
using Xunit;

namespace GatewayMesh.BrowserTests.Bookinfo;

/// <summary>
/// One full local mesh (<c>meshctl up --detach</c>: Redis, registry, ingress, Bookinfo with sidecars, every port free)
/// and one headless Chromium, shared by the browser test classes (<see cref="BookinfoBrowserCollection"/>). Both start
/// in parallel; both are always torn down.
/// <see cref="TrustingBrowser"/> is a second Chromium, launched once the mesh is up, whose NSS database trusts the local
/// CA <c>up</c> created, for the product page over HTTPS.
/// </summary>
public sealed class BookinfoMeshFixture : IAsyncLifetime
{
    private readonly LocalMesh _mesh = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private IBrowser? _trustingBrowser;
    private NssTrustStore? _trust;
    private bool _disposed;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture did not start.");

    public Uri ProductPage { get; private set; } = null!;

    /// <summary><c>https://localhost:PORT/productpage</c>: the ingress's HTTPS listener with up's localhost credential.</summary>
    public Uri SecureProductPage { get; private set; } = null!;

    public IBrowser TrustingBrowser => _trustingBrowser ?? throw new InvalidOperationException("The fixture did not start.");

    /// <summary>The dashboard <c>up</c> started, signed in: the registry's token in the URL fragment, as <c>meshctl dashboard</c> opens it.</summary>
    public Uri SignedInDashboard { get; private set; } = null!;

    /// <summary>How long <c>up</c> and the browser launch took together (reported, never asserted).</summary>
    public TimeSpan StartupTime { get; private set; }

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        Chromium.EnsureInstalled();
        var startup = Stopwatch.StartNew();
        var up = _mesh.UpWithWorkloadsAsync();
        _playwright = await Playwright.CreateAsync();
        var browser = Chromium.LaunchAsync(_playwright);
        try
        {
            var result = await up;
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"meshctl up failed ({result.ExitCode}): {result.Error}\n{result.Out}");
            }
        }
        finally
        {
            _browser = await browser;
        }

        var ingress = _mesh.State!.Processes.Single(p => p.Name == "ingress");
        ProductPage = new Uri($"http://127.0.0.1:{ingress.Ports["http"]}/productpage");
        SecureProductPage = new Uri($"https://localhost:{ingress.Ports["https"]}/productpage");
        var dashboard = _mesh.State!.Processes.Single(p => p.Name == "dashboard");
        var token = (await File.ReadAllTextAsync(Path.Combine(_mesh.Repo.Path, ".meshctl", "registry.token"))).Trim();
        SignedInDashboard = new Uri($"http://127.0.0.1:{dashboard.Ports["dashboard"]}/#token={Uri.EscapeDataString(token)}");
        _trust = await NssTrustStore.TrustingAsync(_mesh.LocalCaFile);
        _trustingBrowser = await Chromium.LaunchAsync(_playwright, _trust.Home);
        StartupTime = startup.Elapsed;
    }

    /// <summary>For a failure message: which processes run, and the log tails of the default page's path and of any process that exited.</summary>
    public string Evidence() => _mesh.Evidence("ingress", "productpage-v1", "details-v1", "reviews-v1", "ratings-v1");

    /// <summary><c>meshctl apply -f configs/bookinfo/&lt;file&gt;</c>; fails the test with meshctl's output if it fails.</summary>
    public Task ApplyAsync(string bookinfoConfigFile) => RunOnConfigAsync("apply", Path.Combine(_mesh.Repo.Path, "configs"), "bookinfo", bookinfoConfigFile);

    /// <summary><c>meshctl apply -f configs/policy/&lt;file&gt;</c> (Istio's Mixer policy YAML, copied next to the tests); fails the test with meshctl's output if it fails.</summary>
    public Task ApplyPolicyAsync(string policyConfigFile) => RunOnConfigAsync("apply", PolicyConfigs, "policy", policyConfigFile);

    /// <summary><c>meshctl delete -f configs/policy/&lt;file&gt;</c>: every resource of the file leaves the mesh.</summary>
    public Task DeletePolicyAsync(string policyConfigFile) => RunOnConfigAsync("delete", PolicyConfigs, "policy", policyConfigFile);

    /// <summary><c>meshctl apply -f &lt;path&gt;</c> for a file the test wrote; fails the test with meshctl's output if it fails.</summary>
    public Task ApplyFileAsync(string path) => RunOnConfigAsync("apply", Path.GetDirectoryName(path)!, "", Path.GetFileName(path));

    private static string PolicyConfigs => Path.Combine(AppContext.BaseDirectory, "configs");

    private async Task RunOnConfigAsync(string verb, string configs, string folder, string file)
    {
        var path = Path.Combine(configs, folder, file);
        var result = await _mesh.Cli.RunAsync(verb, "-f", path);
        Assert.True(result.ExitCode == 0, $"meshctl {verb} -f {path} failed: {result.Error}{result.Out}");
    }

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (_browser is not null)
            {
                await _browser.CloseAsync();
            }

            if (_trustingBrowser is not null)
            {
                await _trustingBrowser.CloseAsync();
            }

            _trust?.Dispose();

            _playwright?.Dispose();
        }
        finally
        {
            await _mesh.DisposeAsync();
        }
    }
}
