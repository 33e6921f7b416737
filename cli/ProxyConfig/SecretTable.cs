using System.Text.Json.Nodes;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.ProxyConfig;

/// <summary>
/// <c>proxy-config secret</c> as a table, in istioctl's shape: RESOURCE NAME (<c>default</c> for the workload
/// certificate, <c>ROOTCA</c> for each trusted root), TYPE, STATUS, VALID CERT, SERIAL NUMBER, NOT AFTER, NOT BEFORE.
/// Wide adds the SPIFFE ID and the agent's next renewal.
/// </summary>
internal static class SecretTable
{
    private static readonly string[] Headers = ["RESOURCE NAME", "TYPE", "STATUS", "VALID CERT", "SERIAL NUMBER", "NOT AFTER", "NOT BEFORE"];
    private static readonly string[] WideHeaders = [.. Headers, "IDENTITY", "NEXT RENEWAL"];

    public static TableWriter Build(JsonNode document, bool wide)
    {
        var table = new TableWriter(wide ? WideHeaders : Headers);
        var nextRenewal = NodeFields.TextOr(document, "nextRenewal", "-");
        foreach (var certificate in NodeFields.Items(document, "certificates"))
        {
            Add(table, certificate, NodeFields.Text(certificate, "name") == "default" ? "Cert Chain" : "Intermediate", wide, nextRenewal);
        }

        foreach (var root in NodeFields.Items(document, "trustBundle"))
        {
            Add(table, root, "CA", wide, "-");
        }

        return table;
    }

    private static void Add(TableWriter table, JsonNode certificate, string type, bool wide, string nextRenewal)
    {
        string[] cells =
        [
            NodeFields.Text(certificate, "name"),
            type,
            NodeFields.TextOr(certificate, "state", "-"),
            NodeFields.Flag(certificate, "valid") ? "true" : "false",
            NodeFields.Text(certificate, "serialNumber"),
            NodeFields.Text(certificate, "notAfter"),
            NodeFields.Text(certificate, "notBefore"),
        ];
        table.AddRow(wide ? [.. cells, NodeFields.TextOr(certificate, "spiffeId", "-"), nextRenewal] : cells);
    }
}
