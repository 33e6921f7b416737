using System.Text.Json.Nodes;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Cli.Kubernetes;

/// <summary>
/// What <c>kubectl get</c> shows per kind, as Istio's CRDs show it (hosts, gateways, mode, action), then whether the
/// registry accepted the object, then its age. A kind without its own columns shows the last two.
/// </summary>
internal static class PrinterColumns
{
    private static readonly Dictionary<string, (string Name, string Type, string Path, string Description)[]> ByKind = new()
    {
        [ResourceKinds.VirtualService] =
        [
            ("Gateways", "string", ".spec.gateways", "The gateways this route set applies to"),
            ("Hosts", "string", ".spec.hosts", "The destination hosts this route set applies to"),
        ],
        [ResourceKinds.DestinationRule] = [("Host", "string", ".spec.host", "The service the policies apply to")],
        [ResourceKinds.ServiceEntry] =
        [
            ("Hosts", "string", ".spec.hosts", "The hosts of the entry"),
            ("Location", "string", ".spec.location", "Inside or outside the mesh"),
            ("Resolution", "string", ".spec.resolution", "How endpoints are found"),
        ],
        [ResourceKinds.PeerAuthentication] = [("Mode", "string", ".spec.mtls.mode", "The mutual TLS mode")],
        [ResourceKinds.AuthorizationPolicy] = [("Action", "string", ".spec.action", "ALLOW, DENY, AUDIT or CUSTOM")],
    };

    public static JsonArray For(string kind)
    {
        var columns = new JsonArray();
        foreach (var (name, type, path, description) in ByKind.GetValueOrDefault(kind, []))
        {
            columns.Add(Column(name, type, path, description));
        }

        columns.Add(Column("Accepted", "string", ".status.conditions[?(@.type==\"Accepted\")].status", "Whether the registry accepted it"));
        columns.Add(Column("Age", "date", ".metadata.creationTimestamp",
            "CreationTimestamp is when this object was created, in UTC"));
        return columns;
    }

    private static JsonObject Column(string name, string type, string path, string description) => new()
    {
        ["name"] = name,
        ["type"] = type,
        ["jsonPath"] = path,
        ["description"] = description,
    };
}
