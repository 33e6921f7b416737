using System.Globalization;
using GatewayMesh.Cli.Local.Store;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Report;

/// <summary>
/// Prints a <see cref="MeshReport"/>: a COMPONENT/ROLE/SERVICE/VERSION/PID/PORTS/STATE/REVISION/SYNC table (ports as
/// name=port; a proxy's revision as applied/store) and the registry line, or the JSON document.
/// </summary>
internal static class MeshReportWriter
{
    private static readonly string[] PortOrder = ["http", "https", "inbound", "outbound", "admin"];

    public static void Write(TextWriter writer, OutputFormat format, MeshReport report)
    {
        if (format.IsMachine())
        {
            format.WriteDocument(writer, report);
            return;
        }

        var table = new TableWriter(["COMPONENT", "ROLE", "SERVICE", "VERSION", "PID", "PORTS", "STATE", "REVISION", "SYNC"]);
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
                Revision(component, report.Registry),
                component.Sync ?? "-");
        }

        table.Write(writer);
        writer.WriteLine();
        var revision = report.Registry.Revision?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
        writer.WriteLine($"registry: {report.Registry.Url ?? "-"} ({report.Registry.Health}, revision {revision})");
        writer.WriteLine(report.Mode == "foreground"
            ? $"supervised in the foreground by meshctl up (pid {report.SupervisorPid})"
            : "running detached");
    }

    /// <summary>A proxy's applied revision against the store's (<c>12/12</c>, <c>11/12</c>, <c>12/?</c> with the registry down); the registry's own revision on its row.</summary>
    internal static string Revision(ComponentReport component, RegistryReport registry) =>
        component.Revision is { } applied ? $"{Number(applied)}/{(component.StoreRevision is { } store ? Number(store) : "?")}"
        : component.Name == RegistryLauncher.Name && component.Alive && registry.Revision is { } current ? Number(current)
        : "-";

    /// <summary>Every port as name=port, traffic ports first (http, inbound, outbound), then admin, then the rest by name; an external Redis: its address.</summary>
    internal static string Ports(ComponentReport component) =>
        component.Ports.Count == 0
            ? component.Address
            : string.Join(' ', component.Ports.OrderBy(p => PortRank(p.Key)).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={Number(p.Value)}"));

    private static int PortRank(string name) => Array.IndexOf(PortOrder, name) is var index and >= 0 ? index : PortOrder.Length;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
