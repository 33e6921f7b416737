using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GatewayMesh.Cli.Output;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Cli.Commands;

/// <summary><c>meshctl instances [SERVICE] [-n NS | -A]</c>: the registered workload instances and their leases.</summary>
internal static class InstancesCommand
{
    private static readonly string[] Headers = ["SERVICE", "NAMESPACE", "INSTANCE", "ADDRESS", "PORT", "VERSION", "HEALTH", "LEASE"];
    private static readonly string[] WideHeaders = [.. Headers, "SERVICE-ACCOUNT", "LABELS"];

    public static Command Create(CliApp app)
    {
        var service = new Argument<string?>("service") { Description = "Only this service", Arity = ArgumentArity.ZeroOrOne };
        var ns = CommonOptions.Namespace();
        var all = CommonOptions.AllNamespaces();
        var command = new Command("instances", "List the service instances registered with the registry") { service, ns, all };
        command.SetAction(app, context =>
        {
            if (context.Get(all) && context.Get(ns) is not null)
            {
                throw new CliException("--namespace and --all-namespaces cannot be used together");
            }

            var namespaceFilter = context.Get(all) ? null : context.Get(ns) ?? ResourceMetadata.DefaultNamespace;
            return ExecuteAsync(context, context.Get(service), namespaceFilter);
        });
        return command;
    }

    private static async Task<int> ExecuteAsync(CommandContext context, string? service, string? ns)
    {
        using var client = context.CreateClient();
        var response = await client.ListInstancesAsync(service, ns, context.CancellationToken);
        if (context.Output.IsMachine())
        {
            context.Output.WriteDocument(context.Out, response);
            return 0;
        }

        if (response.Items.Count == 0)
        {
            var scope = ns is null ? "" : $" in {ns} namespace";
            context.Error.WriteLine(service is null ? $"No instances registered{scope}." : $"No instances of {service} registered{scope}.");
            return 0;
        }

        var wide = context.Output == OutputFormat.Wide;
        var table = new TableWriter(wide ? WideHeaders : Headers);
        var now = context.Environment.Time.GetUtcNow();
        var rows = response.Items
            .Select(lease => (Lease: lease, Instance: lease.TryGetProperty("instance", out var i) ? i : default))
            .OrderBy(r => Field(r.Instance, "service"), StringComparer.Ordinal)
            .ThenBy(r => Field(r.Instance, "namespace"), StringComparer.Ordinal)
            .ThenBy(r => Field(r.Instance, "instanceId"), StringComparer.Ordinal);
        foreach (var (lease, instance) in rows)
        {
            string[] cells =
            [
                Field(instance, "service"),
                Field(instance, "namespace"),
                Field(instance, "instanceId"),
                Field(instance, "address"),
                Field(instance, "port"),
                JsonFields.Value(instance, "labels.version") is { Length: > 0 } version ? version : "<none>",
                Field(instance, "health").ToUpperInvariant(),
                LeaseLeft(lease, now),
            ];
            table.AddRow(wide ? [.. cells, Field(instance, "serviceAccount"), JsonFields.Joined(instance, "labels")] : cells);
        }

        table.Write(context.Out);
        return 0;
    }

    private static string Field(JsonElement instance, string name) =>
        instance.ValueKind == JsonValueKind.Object ? JsonFields.Value(instance, name) : "";

    /// <summary>Whole seconds until the lease expires, e.g. <c>7s</c>, or <c>expired</c>.</summary>
    internal static string LeaseLeft(JsonElement lease, DateTimeOffset now)
    {
        if (!lease.TryGetProperty("expiresAt", out var expires) || !expires.TryGetDateTimeOffset(out var expiresAt))
        {
            return "<none>";
        }

        var left = expiresAt - now;
        return left <= TimeSpan.Zero ? "expired" : $"{Math.Ceiling(left.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s";
    }
}
