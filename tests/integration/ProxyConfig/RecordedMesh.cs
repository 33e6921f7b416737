using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.IntegrationTests.Cli;
using GatewayMesh.IntegrationTests.Registry;
using GatewayMesh.IntegrationTests.Sidecar;

namespace GatewayMesh.IntegrationTests.ProxyConfig;

/// <summary>
/// A state.json in a temporary folder that records in-process sidecars as if <c>meshctl up</c> had started them: each
/// record carries this test process's own pid and identity (so <c>status</c> sees it alive) and the sidecar's real ports.
/// </summary>
internal sealed class RecordedMesh : IDisposable
{
    private static readonly DateTimeOffset Started = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly List<ProcessRecord> _processes = [];

    public RecordedMesh() => Cli.Variables["MESHCTL_HOME"] = _directory.Path;

    public CliHarness Cli { get; } = new();

    public string StateDir => Path.Combine(_directory.Path, ".meshctl");

    public void AddSidecar(string name, string service, string version, SidecarTestHost sidecar)
    {
        var self = ProcFs.TryRead(Environment.ProcessId) ?? throw new InvalidOperationException("/proc is needed");
        _processes.Add(new ProcessRecord
        {
            Name = name,
            Pid = Environment.ProcessId,
            StartTicks = self.StartTicks,
            CommandLine = self.CommandLine,
            Command = ["dotnet"],
            StartedAt = Started,
            Address = sidecar.Listeners.InboundUri.ToString(),
            Ports = new Dictionary<string, int>
            {
                ["inbound"] = sidecar.Listeners.InboundUri.Port,
                ["outbound"] = sidecar.Listeners.OutboundUri.Port,
                ["admin"] = sidecar.Listeners.AdminUri.Port,
            },
            LogFile = "/dev/null",
            Role = "sidecar",
            Service = service,
            Version = version,
        });
    }

    public void Save(RegistryTestHost registry) => new MeshState
    {
        StartedAt = Started,
        RegistryUrl = registry.BaseAddress.ToString().TrimEnd('/'),
        RegistryTokenFile = registry.TokenFile,
        Processes = _processes,
    }.Save(Path.Combine(StateDir, "state.json"));

    public void Dispose() => _directory.Dispose();
}
