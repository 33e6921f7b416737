using System.Globalization;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local;

/// <summary>Prints a <see cref="MeshReport"/>: a COMPONENT/PID/STATE/ADDRESS table and the registry line, or the JSON document.</summary>
internal static class MeshReportWriter
{
    public static void Write(TextWriter writer, OutputFormat format, MeshReport report)
    {
        if (format.IsMachine())
        {
            format.WriteDocument(writer, report);
            return;
        }

        var table = new TableWriter(["COMPONENT", "PID", "STATE", "ADDRESS"]);
        foreach (var component in report.Components)
        {
            table.AddRow(
                component.Name,
                component.Pid?.ToString(CultureInfo.InvariantCulture) ?? "-",
                component.State,
                component.Address);
        }

        table.Write(writer);
        writer.WriteLine();
        var revision = report.Registry.Revision?.ToString(CultureInfo.InvariantCulture) ?? "unknown";
        writer.WriteLine($"registry: {report.Registry.Url ?? "-"} ({report.Registry.Health}, revision {revision})");
        writer.WriteLine(report.Mode == "foreground"
            ? $"supervised in the foreground by meshctl up (pid {report.SupervisorPid})"
            : "running detached");
    }
}
