using System.Diagnostics;
using Xunit;

namespace GatewayMesh.IntegrationTests.Hosting;

/// <summary>
/// Each component started as its own process with several bad switches: it listens on nothing, prints every bad
/// switch at once on stderr (no stack trace), and exits 2. Regression test for issue 16 (a bad switch was an unhandled
/// exception with a stack trace, and only the first one was named).
/// </summary>
public sealed class InvalidSettingsProcessTests
{
    public static TheoryData<string, string[], string[]> BadStarts => new()
    {
        {
            "gatewaymesh-ingress.dll",
            ["--admin-port", "70000", "--trust-domain", "not a domain", "--bind", "pod-ip", "--http-port", "70001", "--labels", "istio"],
            ["--redis:", "--admin-port: 70000", "--trust-domain: 'not a domain'", "--bind: 'pod-ip'", "--http-port: 70001", "--labels: 'istio'"]
        },
        {
            "gatewaymesh-sidecar.dll",
            ["--redis", "127.0.0.1:1", "--lease-ttl", "0s", "--capture", "tproxy", "--outbound-policy", "DENY", "--dapr-http-port", "99999"],
            ["--service:", "--app-port:", "--lease-ttl: '0s'", "--capture: 'tproxy'", "--outbound-policy: 'DENY'", "--dapr-http-port: 99999"]
        },
        {
            "gatewaymesh-registry.dll",
            ["--urls", "http://127.0.0.1:0", "--leader-lease", "soon", "--jwks-refresh", "0s"],
            ["--redis:", "--leader-lease: 'soon'", "--jwks-refresh: '0s'"]
        },
        {
            "gatewaymesh-ca.dll",
            ["--port", "70000", "--max-ttl", "48h", "--rate-burst", "0"],
            ["--dir is required", "--port 70000", "--max-ttl", "--rate-burst 0"]
        },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task Start_SeveralBadSwitches_ExitsTwoNamingEveryOne(string dll, string[] args, string[] named)
    {
        using var temp = new TempDirectory();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = temp.Path, // anything a component would create lands here
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var argument in args)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var variable in start.Environment.Keys.Where(k => k.StartsWith("GATEWAYMESH_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(variable);
        }

        using var process = Process.Start(start)!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

            var error = await stderr;
            Assert.Equal(2, process.ExitCode);
            Assert.Equal("", await stdout); // no "listening" line: nothing was bound
            Assert.Contains($"invalid settings:", error, StringComparison.Ordinal);
            Assert.All(named, name => Assert.Contains(name, error, StringComparison.Ordinal));
            Assert.DoesNotContain("Unhandled exception", error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
