using System.Text.Json;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Workloads;
using GatewayMesh.IntegrationTests.Cli;

namespace GatewayMesh.IntegrationTests.Up;

/// <summary>
/// A repository-like temporary folder (configs/bookinfo and configs/dapr copied in) for running <c>meshctl up</c> in-process against
/// a real redis-server and the registry built next to this test assembly. Dispose stops a foreground <c>up</c> as
/// Ctrl-C does, runs <c>down</c>, then kills anything state.json records and every process still working inside the
/// folder (whatever a supervisor restarted, whatever a crash left), waits until each exited, and deletes the folder,
/// so no test leaves processes behind. A test process killed outright cannot clean up: the folder is marked with its
/// owner (<see cref="AbandonedFolders"/>), and the next LocalMesh sweeps folders whose owner is gone.
/// </summary>
internal sealed class LocalMesh : IAsyncDisposable
{
    /// <summary>How long a killed process may take to exit before Dispose reports it as left running.</summary>
    private static readonly TimeSpan ExitDeadline = TimeSpan.FromSeconds(30);

    /// <summary>How long a foreground <c>up</c> may take to stop its mesh after its Ctrl-C.</summary>
    private static readonly TimeSpan ForegroundStopDeadline = TimeSpan.FromMinutes(2);

    private readonly CancellationTokenSource _foregroundStop = new();
    private Task<CliResult>? _foreground;

    public LocalMesh()
    {
        AbandonedFolders.SweepAsync(TempDirectory.Prefix).GetAwaiter().GetResult();
        AbandonedFolders.Claim(Repo.Path);
        // Bookinfo's Istio config and the Dapr components up applies (configs/dapr: Bookinfo's state store and pubsub).
        foreach (var folder in new[] { "bookinfo", "dapr" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "configs", folder), "*.yaml"))
            {
                Repo.Write(Path.Combine("configs", folder, Path.GetFileName(file)), File.ReadAllText(file));
            }
        }

        Cli.Variables["MESHCTL_HOME"] = Repo.Path;
        Cli.Variables[Builder.RegistryDllVariable] = Path.Combine(AppContext.BaseDirectory, "gatewaymesh-registry.dll");
        Cli.Variables[WorkloadDlls.IngressDllVariable] = Path.Combine(AppContext.BaseDirectory, "gatewaymesh-ingress.dll");
        Cli.Variables[WorkloadDlls.SidecarDllVariable] = Path.Combine(AppContext.BaseDirectory, "gatewaymesh-sidecar.dll");
        Cli.Variables[WorkloadDlls.BookinfoDllVariable] = Path.Combine(AppContext.BaseDirectory, "bookinfo.dll");
        Cli.Variables[Builder.CaDllVariable] = Path.Combine(AppContext.BaseDirectory, "gatewaymesh-ca.dll");
        Cli.Variables[GatewayMesh.Cli.Local.Observability.DashboardLauncher.DllVariable] = Path.Combine(AppContext.BaseDirectory, "gatewaymesh-dashboard.dll");
        Cli.Variables["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin";
    }

    public TempDirectory Repo { get; } = new();

    public CliHarness Cli { get; } = new();

    public string StateFile => Path.Combine(Repo.Path, ".meshctl", "state.json");

    /// <summary>
    /// <c>up --detach --no-workloads</c> (Redis and the registry only) on free ports (never the defaults, which a
    /// developer's own mesh may hold).
    /// </summary>
    public Task<CliResult> UpAsync(params string[] extra) =>
        Cli.RunAsync(["up", "--detach", "--no-workloads", "--redis-port", "0", "--registry-port", "0", .. extra]);

    /// <summary><c>up --detach</c> with the ingress and the Bookinfo sidecars and apps, every port free.</summary>
    public Task<CliResult> UpWithWorkloadsAsync(params string[] extra) =>
        Cli.RunAsync(["up", "--detach", "--redis-port", "0", "--registry-port", "0", "--ca-port", "0", "--ingress-port", "0", "--ingress-https-port", "0", "--dashboard-port", "0", .. extra]);

    /// <summary>
    /// Runs <c>up</c> with <paramref name="arguments"/> (without <c>--detach</c>: it stays in the foreground,
    /// supervising the mesh) in-process, and returns once state.json records the mesh ready, with the running
    /// <c>up</c>'s task (it ends after <c>down</c>). A failed start comes back as the finished result.
    /// </summary>
    public async Task<(CliResult Started, Task<CliResult> Running)> UpSupervisedAsync(TimeSpan deadline, params string[] arguments)
    {
        // state.json is written atomically (state.json.tmp renamed over it) into .meshctl/, which up creates: the watch
        // covers the folder recursively so it sees the file from its first write; ChangeSignal re-reads after each event.
        using var stateChanged = new ChangeSignal().Watch(Repo.Path, "state.json*", recursive: true);
        var running = Task.Run(() => Cli.RunAsync(_foregroundStop.Token, arguments));
        _foreground = running;
        if (await stateChanged.WaitUntilAsync(() => Task.FromResult(!running.IsCompleted && State?.ReadyAt is not null), deadline, running))
        {
            return (new CliResult(0, "", "(meshctl up runs in the foreground, supervising the mesh)"), running);
        }

        if (!running.IsCompleted)
        {
            return (new CliResult(1, "", $"meshctl up did not record the mesh ready within {deadline.TotalSeconds:0} s"), running);
        }

        var ended = await running;
        return (ended with { ExitCode = ended.ExitCode == 0 ? 1 : ended.ExitCode, Error = "meshctl up ended before the mesh was ready\n" + ended.Error }, running);
    }

    /// <summary>The local CA <c>up</c> created, which signs the ingress's localhost HTTPS certificate.</summary>
    public string LocalCaFile => Path.Combine(Repo.Path, ".meshctl", "tls", "ca.crt");

    /// <summary>The credentials folder <c>up</c> hands the ingress (<c>bookinfo-credential/tls.crt</c>, <c>tls.key</c>).</summary>
    public string CredentialsDir => Path.Combine(Repo.Path, ".meshctl", "credentials");

    public MeshState? State => MeshState.Load(StateFile);

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    /// <summary>Lines of each log <see cref="Evidence"/> shows.</summary>
    public const int EvidenceLines = 40;

    /// <summary>
    /// For a failure message: whether each process of state.json still runs, and the last <see cref="EvidenceLines"/>
    /// lines of the log of each process named in <paramref name="names"/> and of each one that no longer runs (a
    /// sidecar's log holds its app's output too). The logs live in this mesh's temporary folder, gone after Dispose, so
    /// a test that fails must say what they held.
    /// </summary>
    public string Evidence(params string[] names)
    {
        var state = File.Exists(StateFile) ? MeshState.Load(StateFile) : null;
        if (state is null)
        {
            return "(no state.json: up recorded no process)";
        }

        var alive = state.Processes.ToDictionary(p => p.Name, ProcessSupervisor.IsAlive);
        var text = new System.Text.StringBuilder("processes: ")
            .AppendJoin(", ", state.Processes.Select(p => $"{p.Name} {(alive[p.Name] ? "running" : "EXITED")}")).AppendLine();
        foreach (var process in state.Processes.Where(p => names.Contains(p.Name) || !alive[p.Name]))
        {
            text.AppendLine($"--- {process.Name} (pid {process.Pid}): last {EvidenceLines} lines of {process.LogFile}");
            foreach (var line in LogTail.Read(process.LogFile, EvidenceLines))
            {
                text.AppendLine(line);
            }
        }

        return text.ToString();
    }

    /// <summary>A page's text without its markup, whitespace collapsed (for failure messages).</summary>
    public static string PageText(string html) =>
        System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", " "), @"\s+", " ").Trim();

    public async ValueTask DisposeAsync()
    {
        IReadOnlyList<int> left = [];
        try
        {
            await StopForegroundAsync();
            if (File.Exists(StateFile))
            {
                await Cli.RunAsync("down");
            }
        }
        finally
        {
            left = await KillLeftoversAsync();
            Repo.Dispose();
            _foregroundStop.Dispose();
        }

        if (left.Count > 0)
        {
            throw new InvalidOperationException($"processes of the mesh in {Repo.Path} still ran {ExitDeadline.TotalSeconds:0} s after SIGKILL: {string.Join(", ", left)}");
        }
    }

    /// <summary>
    /// A foreground <c>up</c> gets its Ctrl-C (cancellation): at any stage, also while it still starts processes or
    /// restarts one, it stops what it started and clears the state; then it is awaited, within a deadline.
    /// </summary>
    private async Task StopForegroundAsync()
    {
        if (_foreground is not { } up)
        {
            return;
        }

        await _foregroundStop.CancelAsync();
        try
        {
            await up.WaitAsync(ForegroundStopDeadline);
        }
        catch (TimeoutException)
        {
            // the kills below still stop every process it started
        }
    }

    /// <summary>SIGKILLs what state.json records and every process working inside the folder; returns those still running after <see cref="ExitDeadline"/>.</summary>
    private async Task<IReadOnlyList<int>> KillLeftoversAsync()
    {
        var recorded = File.Exists(StateFile) ? MeshState.Load(StateFile)?.Processes.Where(ProcessSupervisor.IsAlive).ToList() ?? [] : [];
        foreach (var process in recorded)
        {
            PosixSignals.Send(process.Pid, PosixSignals.SigKill);
        }

        var left = await ProcessExit.WaitAllAsync(recorded.Select(p => p.Pid), ExitDeadline);
        return [.. left, .. await FolderProcesses.KillAsync(Repo.Path, ExitDeadline)];
    }
}
