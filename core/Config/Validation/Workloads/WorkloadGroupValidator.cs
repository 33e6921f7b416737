using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Workloads;

/// <summary>
/// A WorkloadGroup: a template (whose address each member fills in), valid metadata labels, and a readiness probe
/// with timings that are not negative and exactly one check.
/// </summary>
internal static class WorkloadGroupValidator
{
    public static void Validate(ValidationContext context, WorkloadGroup resource)
    {
        var spec = resource.Spec;
        if (spec.Template is not { } template)
        {
            context.Add("spec.template", "template is required");
        }
        else
        {
            WorkloadEntryRules.Validate(context, "spec.template", template, requireAddress: false);
        }

        if (spec.Metadata is { } metadata)
        {
            LabelRules.ValidateLabels(context, "spec.metadata.labels", metadata.Labels);
            LabelRules.ValidateKeys(context, "spec.metadata.annotations", metadata.Annotations.Keys);
        }

        if (spec.Probe is { } probe)
        {
            Probe(context, "spec.probe", probe);
        }
    }

    private static void Probe(ValidationContext context, string path, ReadinessProbe probe)
    {
        NumberRules.AtLeast(context, $"{path}.initialDelaySeconds", probe.InitialDelaySeconds, 0);
        NumberRules.AtLeast(context, $"{path}.timeoutSeconds", probe.TimeoutSeconds, 0);
        NumberRules.AtLeast(context, $"{path}.periodSeconds", probe.PeriodSeconds, 0);
        NumberRules.AtLeast(context, $"{path}.successThreshold", probe.SuccessThreshold, 0);
        NumberRules.AtLeast(context, $"{path}.failureThreshold", probe.FailureThreshold, 0);
        var methods = new List<string>(4);
        if (probe.HttpGet is { } http)
        {
            methods.Add("httpGet");
            NumberRules.RequiredPort(context, $"{path}.httpGet.port", http.Port);
            if (http.Scheme is { } scheme && scheme is not ("HTTP" or "HTTPS"))
            {
                context.Add($"{path}.httpGet.scheme", $"scheme must be HTTP or HTTPS, got \"{scheme}\"");
            }

            for (var i = 0; i < http.HttpHeaders.Count; i++)
            {
                HeaderRules.Name(context, $"{path}.httpGet.httpHeaders[{i}].name", http.HttpHeaders[i].Name ?? "");
            }
        }

        if (probe.TcpSocket is { } tcp)
        {
            methods.Add("tcpSocket");
            NumberRules.RequiredPort(context, $"{path}.tcpSocket.port", tcp.Port);
        }

        if (probe.Exec is { } exec)
        {
            methods.Add("exec");
            if (exec.Command.IsEmpty)
            {
                context.Add($"{path}.exec.command", "command is required");
            }
        }

        if (probe.Grpc is { } grpc)
        {
            methods.Add("grpc");
            NumberRules.RequiredPort(context, $"{path}.grpc.port", grpc.Port);
        }

        if (methods.Count != 1)
        {
            context.Add(path, methods.Count == 0
                ? "set exactly one of httpGet, tcpSocket, exec or grpc"
                : $"set exactly one of httpGet, tcpSocket, exec or grpc, got {string.Join(" and ", methods)}");
        }
    }
}
