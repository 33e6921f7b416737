using System.Globalization;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local;

/// <summary>Prints a <see cref="MeshReport"/>: a COMPONENT/ROLE/SERVICE/VERSION/PID/PORTS/STATE/REVISION table (sidecar ports as inbound/outbound/admin) and the registry line, or the JSON document.</summary>
internal static class MeshReportWriter
{
    public static void Write(TextWriter writer, OutputFormat format, MeshReport report)
    {
        if (format.IsMachine())
        {
            format.WriteDocument(writer, report);
            return;
        }

        var table = new TableWriter(["COMPONENT", "ROLE", "SERVICE", "VERSION", "PID", "PORTS", "STATE", "REVISION"]);
        foreach (var component in report.Components)
        {
            table.AddRow(
                component.Name,
                component.Role ?? component.Name,
                component.Service ?? "-",
                component.Version ?? "-",
                component.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
                Ports(component),
                component.State,
                Revision(component, report.Registry));
        }

        table.Write(writer);
        writer.WriteLine();
        var revision = report.Registry.Revision?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
        writer.WriteLine($"registry: {report.Registry.Url ?? "-"} ({report.Registry.Health}, revision {revision})");
        writer.WriteLine(report.Mode == "foreground"
            ? $"supervised in the foreground by meshctl up (pid {report.SupervisorPid})"
            : "running detached");
    }

    /// <summary>A proxy's applied revision with SYNCED or STALE; the registry's own revision on its row.</summary>
    private static string Revision(ComponentReport component, RegistryReport registry) =>
        component.Revision is { } applied ? $"{applied.ToString(CultureInfo.InvariantCulture)} {component.Sync}".TrimEnd()
        : component.Name == RegistryLauncher.Name && component.Alive && registry.Revision is { } current ? current.ToString(CultureInfo.InvariantCulture)
        : "-";

    /// <summary>A sidecar's as inbound/outbound/admin, anything else as name=port pairs (an external Redis: its address).</summary>
    private static string Ports(ComponentReport component)
    {
        var ports = component.Ports;
        if (component.Role == "sidecar" && ports.TryGetValue("inbound", out var inbound) && ports.TryGetValue("outbound", out var outbound)
            && ports.TryGetValue("admin", out var admin))
        {
            return $"{inbound}/{outbound}/{admin}";
        }

        return ports.Count == 0 ? component.Address : string.Join(' ', ports.Select(p => $"{p.Key}={p.Value}"));
    }
}
