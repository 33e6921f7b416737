using System.Collections.Concurrent;
using System.Diagnostics;

namespace GatewayMesh.IntegrationTests.Infrastructure;

/// <summary>
/// A real redis-server for tests: own process, free loopback port, no persistence, temporary directory.
/// Can be stopped and restarted on the same port (to test reconnects); always killed on dispose.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);
    private const int PortAttempts = 5;

    private readonly string _executable;
    private readonly string _directory;
    private readonly Func<RedisServer, IReadOnlyList<string>> _arguments;
    private readonly string _readyMarker;
    private readonly ConcurrentQueue<string> _output = new();
    private Process? _process;

    private RedisServer(string executable, Func<RedisServer, IReadOnlyList<string>> arguments, string readyMarker)
    {
        _executable = executable;
        _arguments = arguments;
        _readyMarker = readyMarker;
        _directory = Directory.CreateTempSubdirectory("gatewaymesh-redis-").FullName;
    }

    /// <summary>This server's own temporary folder (its working directory).</summary>
    public string DataDirectory => _directory;

    public int? Pid => _process?.Id;

    public int Port { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server on a free port, trying another port when one was taken between choosing and binding.</summary>
    public static Task<RedisServer> StartAsync(CancellationToken cancellationToken = default) => StartAsync([], cancellationToken);

    /// <summary>A server with extra arguments after the defaults (<c>--replicaof</c>, <c>--cluster-enabled yes</c>, ...).</summary>
    public static Task<RedisServer> StartAsync(IReadOnlyList<string> extraArguments, CancellationToken cancellationToken = default) =>
        LaunchAsync(new RedisServer(FindExecutable(), server => [.. server.DefaultArguments, .. extraArguments], "Ready to accept connections"), cancellationToken);

    /// <summary>
    /// A <c>redis-sentinel</c> watching the primary <paramref name="service"/> at 127.0.0.1:<paramref name="primaryPort"/>
    /// with the given quorum, and short failure detection (1 s) so failovers happen within a test.
    /// </summary>
    public static Task<RedisServer> StartSentinelAsync(string service, int primaryPort, int quorum, CancellationToken cancellationToken = default)
    {
        var executable = File.Exists("/usr/bin/redis-sentinel")
            ? "/usr/bin/redis-sentinel"
            : throw new InvalidOperationException("redis-sentinel not found at /usr/bin/redis-sentinel; install it (Debian: apt-get install redis-sentinel)");
        return LaunchAsync(
            new RedisServer(executable, server => [server.WriteSentinelConfig(service, primaryPort, quorum)], "+monitor master"),
            cancellationToken);
    }

    private IReadOnlyList<string> DefaultArguments =>
        ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory];

    /// <summary>Sentinel rewrites its config file, so each start gets a fresh one with the current port.</summary>
    private string WriteSentinelConfig(string service, int primaryPort, int quorum)
    {
        var file = Path.Combine(_directory, $"sentinel-{Port}.conf");
        File.WriteAllText(file, $"""
            port {Port}
            bind 127.0.0.1
            dir {_directory}
            sentinel monitor {service} 127.0.0.1 {primaryPort} {quorum}
            sentinel down-after-milliseconds {service} 1000
            sentinel failover-timeout {service} 4000
            sentinel parallel-syncs {service} 1

            """);
        return file;
    }

    private static async Task<RedisServer> LaunchAsync(RedisServer server, CancellationToken cancellationToken)
    {
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                server.Port = FreePort();
                if (await server.TryLaunchAsync(cancellationToken))
                {
                    return server;
                }

                if (attempt == PortAttempts)
                {
                    throw new InvalidOperationException($"redis-server did not start after {PortAttempts} attempts:\n{server.Output}");
                }
            }
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>redis-server from PATH, else /usr/bin/redis-server; fails with what to install when neither exists.</summary>
    public static string FindExecutable()
    {
        var fromPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "redis-server"))
            .FirstOrDefault(File.Exists);
        return fromPath ?? (File.Exists("/usr/bin/redis-server")
            ? "/usr/bin/redis-server"
            : throw new InvalidOperationException("redis-server not found on PATH or at /usr/bin/redis-server; install it (Debian: apt-get install redis-server)"));
    }

    /// <summary>Kills the server (as a crash would) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await KillAsync(process);
        }
    }

    /// <summary>Stops the server and starts a fresh one on the same port (its data is gone: there is no persistence).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync();
        for (var attempt = 1; !await TryLaunchAsync(cancellationToken); attempt++)
        {
            if (attempt == PortAttempts)
            {
                throw new InvalidOperationException($"redis-server did not restart on port {Port}:\n{Output}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: the temp dir holds nothing of value
        }
    }

    public string Output => string.Join('\n', _output.TakeLast(40));

    private async Task<bool> TryLaunchAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        foreach (var argument in _arguments(this))
        {
            start.ArgumentList.Add(argument);
        }

        // redis-server says when it accepts connections; if it exits first (most likely the port was taken), it failed.
        var ready = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            Record(e.Data);
            if (e.Data?.Contains(_readyMarker, StringComparison.Ordinal) == true)
            {
                ready.TrySetResult(true);
            }
        };
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.Exited += (_, _) => ready.TrySetResult(false);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        if (await ready.Task.WaitAsync(StartTimeout, cancellationToken))
        {
            return true;
        }

        _process = null;
        await KillAsync(process);
        return false;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    /// <summary>redis-server binds the port later: one outside the ephemeral range, which no other socket is handed meanwhile.</summary>
    public static int FreePort() => GatewayMesh.Core.Hosting.HandOffPort.Pick();

    private static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // never started or already reaped
        }
        finally
        {
            process.Dispose();
        }
    }
}
