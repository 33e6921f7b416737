using System.CommandLine;
using GatewayMesh.Cli.Client;
using GatewayMesh.Cli.Context;
using GatewayMesh.Cli.Local;
using GatewayMesh.Cli.Local.Certificates;
using GatewayMesh.Cli.Local.Observability;
using GatewayMesh.Cli.Local.Ports;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.Report;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Store;
using GatewayMesh.Cli.Local.Workloads;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl up</c>: builds what is missing, starts Redis and the registry, writes the context file, applies the
/// Bookinfo defaults, starts the ingress and the Bookinfo apps behind their sidecars (unless <c>--no-workloads</c>), prints the mesh. Stays in the foreground until Ctrl-C unless <c>--detach</c>.
/// </summary>
internal static class UpCommand
{
    public const string RedisVariable = "MESHCTL_REDIS";

    public static Command Create(CliApp app)
    {
        var detach = new Option<bool>("--detach", "-d") { Description = "Return once the mesh is ready and leave it running" };
        var restart = new Option<bool>("--restart") { Description = "Stop a running mesh first, then start it again" };
        var redis = new Option<string?>("--redis") { Description = "Use the Redis at HOST:PORT instead of starting one (env MESHCTL_REDIS)" };
        var redisUser = new Option<string?>("--redis-user") { Description = "User for the --redis Redis" };
        var redisPasswordFile = new Option<string?>("--redis-password-file") { Description = "File with the password of --redis-user" };
        var redisPort = new Option<int>("--redis-port")
        {
            Description = "Port of the private Redis (taken only if free, else any free port; 0: any)",
            DefaultValueFactory = _ => RedisLauncher.DefaultPort,
        };
        var registryPort = new Option<int>("--registry-port")
        {
            Description = "Port of the registry (taken only if free, else any free port; 0: any)",
            DefaultValueFactory = _ => RegistryLauncher.DefaultPort,
        };
        var caPort = new Option<int>("--ca-port")
        {
            Description = "HTTPS port of the CA (taken only if free, else any free port; 0: any)",
            DefaultValueFactory = _ => CaLauncher.DefaultPort,
        };
        var registryDll = new Option<string?>("--registry-dll")
        {
            Description = $"Run this prebuilt gatewaymesh-registry.dll instead of building the registry (env {Builder.RegistryDllVariable})",
        };
        var noWorkloads = new Option<bool>("--no-workloads") { Description = "Start only Redis and the registry (no ingress, sidecars or Bookinfo apps)" };
        var ingressPort = new Option<int>("--ingress-port")
        {
            Description = "HTTP port of the ingress (0: any free port)",
            DefaultValueFactory = _ => WorkloadLauncher.DefaultIngressPort,
        };
        var ingressHttpsPort = new Option<int>("--ingress-https-port")
        {
            Description = "HTTPS port of the ingress, served with the local CA's localhost certificate (0: any free port)",
            DefaultValueFactory = _ => WorkloadLauncher.DefaultIngressHttpsPort,
        };
        var leaseTtl = new Option<string?>(LeaseTtl.Option)
        {
            Description = "Registration lease of every sidecar, whole seconds 1s-300s (default 10s): a killed workload leaves the pool once it expires",
        };
        var certTtl = new Option<string?>("--cert-ttl")
        {
            Description = "Lifetime of every proxy's workload certificate, whole seconds 1s-24h (default the CA's, 1h); short ones rotate often, e.g. for chaos tests",
        };
        var accessLog = new Option<bool>("--access-log") { Description = "Every proxy writes Istio's access log (TEXT format) to its log: ./meshctl logs NAME shows it" };
        var tracing = new Option<bool>("--tracing") { Description = "Run an OTLP trace receiver in the dashboard and have every proxy export spans to it (sampling 100 % unless --trace-sampling)" };
        var traceSampling = new Option<double?>("--trace-sampling") { Description = "Percentage of requests the ingress samples (mesh default 1)" };
        var trustClientSampling = new Option<bool?>("--trust-client-sampling")
        {
            Description = "false: the ingress samples outside traffic with its own percentage instead of honouring the client's trace flags (default true, as Envoy)",
        };
        var prometheus = new Option<bool>("--prometheus") { Description = "Also start the prometheus on PATH (on :9090 when free) against the proxies' targets file" };
        var prometheusPort = new Option<int>("--prometheus-port")
        {
            Description = "Port of Prometheus with --prometheus (taken only if free, else any free port; 0: any)",
            DefaultValueFactory = _ => PrometheusLauncher.DefaultPort,
        };
        var otlpPort = new Option<int>("--otlp-port")
        {
            Description = "Port of the dashboard's OTLP/HTTP trace receiver with --tracing (taken only if free, else any free port; 0: any)",
            DefaultValueFactory = _ => DashboardLauncher.DefaultOtlpPort,
        };
        var dashboardPort = new Option<int>("--dashboard-port")
        {
            Description = "Port of the dashboard (taken only if free, else any free port; 0: any)",
            DefaultValueFactory = _ => DashboardLauncher.DefaultPort,
        };
        var stateDir = MeshOptions.StateDir();
        var command = new Command("up", "Start the local mesh (Redis, the registry, the CA, the ingress and the Bookinfo apps with their sidecars)")
        {
            detach, restart, redis, redisUser, redisPasswordFile, redisPort, registryPort, caPort, registryDll, noWorkloads, ingressPort, ingressHttpsPort, leaseTtl, certTtl,
            accessLog, tracing, traceSampling, trustClientSampling, prometheus, prometheusPort, dashboardPort, otlpPort, stateDir,
        };
        command.SetAction(app, context => ExecuteAsync(
            context,
            context.Get(stateDir),
            context.Get(restart),
            new UpSettings
            {
                Detach = context.Get(detach),
                ExternalRedis = context.Get(redis) ?? context.Environment.GetVariable(RedisVariable),
                ExternalRedisUser = context.Get(redisUser),
                ExternalRedisPasswordFile = context.Get(redisPasswordFile),
                RedisPort = context.Get(redisPort),
                RegistryPort = context.Get(registryPort),
                CaPort = context.Get(caPort),
                RegistryDll = context.Get(registryDll),
                Workloads = !context.Get(noWorkloads),
                IngressPort = context.Get(ingressPort),
                IngressHttpsPort = context.Get(ingressHttpsPort),
                LeaseTtl = LeaseTtl.Parse(context.Get(leaseTtl)),
                CertTtl = LeaseTtl.ParseWholeSeconds(context.Get(certTtl), "--cert-ttl", 1, 24 * 3600, "each proxy renews at about half of it", "20s"),
                Observability = new ObservabilitySettings
                {
                    AccessLog = context.Get(accessLog),
                    Tracing = context.Get(tracing),
                    TraceSampling = ObservabilitySettings.CheckSampling(context.Get(traceSampling)),
                    TrustClientSampling = context.Get(trustClientSampling),
                    Prometheus = context.Get(prometheus),
                    DashboardPort = context.Get(dashboardPort),
                    OtlpPort = context.Get(otlpPort),
                    PrometheusPort = context.Get(prometheusPort),
                },
            }));
        return command;
    }

    /// <summary>Runs <c>up</c> with these settings (also <c>meshctl run</c>, which starts a detached mesh when none runs).</summary>
    internal static async Task<int> ExecuteAsync(CommandContext context, string? stateDir, bool restart, UpSettings settings)
    {
        var paths = MeshPaths.Resolve(context.Environment, stateDir);
        var progress = new Progress(context.Error);
        var time = context.Environment.Time;
        if (MeshState.Load(paths.StateFile) is { } existing)
        {
            var alive = existing.Processes.Count(ProcessSupervisor.IsAlive);
            if (alive > 0 && alive == existing.Processes.Count && !restart)
            {
                progress.Done($"the mesh is already running (recorded in {MeshPaths.Show(paths.StateFile, context.Environment)}); ./meshctl up --restart restarts it");
                await WriteReportAsync(context, paths, existing);
                return 0;
            }

            progress.Step(restart ? "restarting the mesh" : alive > 0 ? "the recorded mesh is partly down; restarting it" : "clearing the state of a mesh that is no longer running");
            await new MeshStopper(paths, time, progress).StopAsync(existing);
        }

        var dlls = settings.Workloads
            ? await WorkloadDlls.EnsureAsync(new Builder(paths, context.Environment, progress), context.CancellationToken)
            : null;
        var (state, processes) = await new MeshStarter(paths, context.Environment, progress).StartAsync(settings, context.CancellationToken);
        try
        {
            var token = (await File.ReadAllTextAsync(paths.RegistryTokenFile, context.CancellationToken)).Trim();
            WriteContextFile(context, paths, state.RegistryUrl!, progress);
            using var client = RegistryClient.Create(new ConnectionSettings(ConnectionSettings.ParseServer(state.RegistryUrl!), token));
            await BookinfoDefaults.ApplyAsync(paths, client, context.Environment, progress, context.CancellationToken);
            await DaprComponentDefaults.ApplyAsync(paths, client, context.Environment, progress, context.CancellationToken);
            if (dlls is not null)
            {
                var observability = new ObservabilityStarter(paths, context.Environment, progress);
                int? otlpPort = settings.Observability.Tracing ? new FreePort().Pick(settings.Observability.OtlpPort) : null;
                (state, processes) = await observability.StartDashboardAsync(state, processes, settings.Observability, otlpPort, context.CancellationToken);
                otlpPort = otlpPort is null ? null : state.Processes[^1].Ports.GetValueOrDefault("otlp", otlpPort.Value); // the port it bound (0 asks for any)
                settings = settings with { ProxyEnvironment = settings.Observability.ProxyEnvironment(otlpPort) };
                var proxyConfigs = await ProxyConfigEnvironment.ReadAsync(client, context.CancellationToken);
                (state, processes) = await new WorkloadStarter(paths, context.Environment, progress)
                    .StartAsync(state, processes, dlls, settings, context.CancellationToken, proxyConfigs);
                await new ProxySync(client, time, progress).WaitAsync(state, context.CancellationToken);
                if (state.Processes.FirstOrDefault(p => p.Name == WorkloadLauncher.IngressName)?.Ports.GetValueOrDefault("http") is int port and > 0)
                {
                    await new BookinfoSmokeCheck(progress, time).RunAsync(port, context.CancellationToken);
                }

                (state, processes) = await observability.StartPrometheusAsync(state, processes, settings.Observability, context.CancellationToken);
            }

            state = state with { ReadyAt = time.GetUtcNow() };
            state.Save(paths.StateFile);
            await WriteReportAsync(context, paths, state);
        }
        catch
        {
            await new MeshStopper(paths, time, progress).StopAsync(MeshState.Load(paths.StateFile) ?? state);
            throw;
        }

        if (settings.Detach)
        {
            return 0;
        }

        progress.Done("mesh is up; Ctrl-C to stop");
        return await new ForegroundSupervision(paths, time, progress).RunAsync(state, processes, context.CancellationToken);
    }

    private static void WriteContextFile(CommandContext context, MeshPaths paths, string registryUrl, Progress progress)
    {
        var contextPath = context.Flags.ContextPath is { Length: > 0 } given
            ? context.Environment.ResolvePath(given)
            : context.Environment.GetVariable(ContextFile.PathVariable) is { Length: > 0 } fromEnv
                ? context.Environment.ResolvePath(fromEnv)
                : ContextFile.DefaultPath(context.Environment);
        var contextDir = Path.GetDirectoryName(Path.GetFullPath(contextPath))!;
        var relative = Path.GetRelativePath(contextDir, paths.RegistryTokenFile);
        var tokenFile = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? paths.RegistryTokenFile : relative;
        new ContextFile(registryUrl, tokenFile).Write(contextPath);
        progress.Done($"wrote {MeshPaths.Show(contextPath, context.Environment)}: ./meshctl apply/get/delete now reach this registry");
    }

    private static async Task WriteReportAsync(CommandContext context, MeshPaths paths, MeshState state)
    {
        var report = await MeshReport.CollectAsync(paths, state, context.CancellationToken);
        MeshReportWriter.Write(context.Out, context.Output, report);
        if (!context.Output.IsMachine())
        {
            var ingress = report.Components.FirstOrDefault(c => c.Role == WorkloadLauncher.IngressName);
            if (ingress?.Ports.GetValueOrDefault("http") is int port && port > 0)
            {
                context.Out.WriteLine();
                context.Out.WriteLine($"Bookinfo: http://localhost:{port}/productpage");
            }

            if (ingress?.Ports.GetValueOrDefault("https") is int httpsPort && httpsPort > 0)
            {
                var ca = MeshPaths.Show(new LocalTlsCredential(paths, context.Environment.Time).CaCertificateFile, context.Environment);
                context.Out.WriteLine($"          https://localhost:{httpsPort}/productpage (trust the local CA {ca})");
            }

            if (report.Components.FirstOrDefault(c => c.Name == DashboardLauncher.Name)?.Ports.GetValueOrDefault("dashboard") is int dashboard && dashboard > 0)
            {
                context.Out.WriteLine($"Dashboard: {DashboardLauncher.Url(dashboard)}  (./meshctl dashboard opens it signed in)");
            }

            if (report.Components.FirstOrDefault(c => c.Name == PrometheusLauncher.Name)?.Ports.GetValueOrDefault("http") is int prom && prom > 0)
            {
                context.Out.WriteLine($"Prometheus: {PrometheusLauncher.Url(prom)}");
            }

            context.Out.WriteLine();
            context.Out.WriteLine("next:  ./meshctl get vs        the VirtualServices (Bookinfo: all traffic to v1)");
            context.Out.WriteLine("       ./meshctl status        the processes, the registry's health and revision");
            context.Out.WriteLine("       ./meshctl down          stop the mesh");
            context.Out.WriteLine($"logs:  {MeshPaths.Show(paths.LogsDir, context.Environment)}/");
        }
    }
}
