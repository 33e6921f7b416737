using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GatewayMesh.Cli.Local.Workloads;

namespace GatewayMesh.Cli.ProxyConfig;

/// <summary>Reads one <c>/debug/*</c> document from a proxy's admin listener, bounded in size and time.</summary>
internal static class ProxyConfigReader
{
    public static async Task<JsonObject> ReadAsync(ProxyTarget target, ProxyConfigKind kind, CancellationToken cancellationToken)
    {
        var path = kind.AdminPath();
        var answer = await AdminHttp.GetAsync(new Uri(target.AdminUrl, path), cancellationToken);
        if (!answer.IsOk)
        {
            var detail = answer.FirstLine.Length > 0 ? $": {answer.FirstLine}" : "";
            throw new CliException(
                $"{target.Name} answered {path} with HTTP {answer.Status.ToString(CultureInfo.InvariantCulture)}{detail}",
                answer.Status == 404 ? ["it may run an older build: ./meshctl up --restart rebuilds and restarts the local mesh"] : null);
        }

        try
        {
            return JsonNode.Parse(answer.Body) as JsonObject
                ?? throw new CliException($"{target.Name} answered {path} with JSON that is not an object");
        }
        catch (JsonException ex)
        {
            throw new CliException($"{target.Name} answered {path} with invalid JSON: {ex.Message}");
        }
    }
}
