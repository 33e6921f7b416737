using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Xunit;

namespace GatewayMesh.IntegrationTests.Registry;

/// <summary>The built registry as its own process: the listening line on stdout, and a clean exit on SIGTERM.</summary>
public sealed class RegistryProcessTests
{
    [Fact]
    public async Task Process_Started_PrintsListeningLineAndStopsCleanlyOnSigterm()
    {
        var stateDir = Directory.CreateTempSubdirectory("registry-process-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "gatewaymesh-registry.dll"), "--urls", "http://127.0.0.1:0", "--in-memory", "--state-dir", stateDir })
        {
            start.ArgumentList.Add(argument);
        }

        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stdout = new List<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (stdout)
                {
                    stdout.Add(line);
                }

                if (line.StartsWith("registry listening on ", StringComparison.Ordinal))
                {
                    listening.TrySetResult(line["registry listening on ".Length..]);
                }
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        try
        {
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var url = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var client = new HttpClient { BaseAddress = new Uri(url) };
            using var live = await client.GetAsync("/healthz/live");

            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Matches(new Regex("^http://127\\.0\\.0\\.1:[1-9][0-9]*$"), url);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal(0, process.ExitCode);
            lock (stdout)
            {
                Assert.Equal(["registry listening on " + url], stdout.Where(l => l.Length > 0));
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            Directory.Delete(stateDir, recursive: true);
        }
    }
}
