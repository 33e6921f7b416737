using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Gateways;

/// <summary>Servers: at least one; each with a port number and a supported protocol; port names unique; selector labels valid.</summary>
internal static class GatewayServersValidator
{
    public static void Validate(ValidationContext context, Gateway resource)
    {
        var spec = resource.Spec;
        LabelRules.ValidateLabels(context, "spec.selector", spec.Selector);
        if (spec.Servers.IsEmpty)
        {
            context.Add("spec.servers", "at least one server is required");
            return;
        }

        var portNames = new DuplicateTracker<string>(context, "port name");
        for (var i = 0; i < spec.Servers.Count; i++)
        {
            var path = $"spec.servers[{i}]";
            if (spec.Servers[i].Port is not { } port)
            {
                context.Add($"{path}.port", "port is required");
                continue;
            }

            NumberRules.RequiredPort(context, $"{path}.port.number", port.Number);
            ProtocolRules.Validate(context, $"{path}.port.protocol", port.Protocol);
            if (port.Name is { Length: > 0 } name)
            {
                portNames.Add(name, path, $"{path}.port.name");
            }
        }
    }
}
