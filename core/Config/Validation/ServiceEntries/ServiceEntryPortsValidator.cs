using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.ServiceEntries;

/// <summary>Ports: number in range, supported protocol, a DNS-1123 label name; numbers and names unique.</summary>
internal static class ServiceEntryPortsValidator
{
    public static void Validate(ValidationContext context, ServiceEntry resource)
    {
        var ports = resource.Spec.Ports;
        var numbers = new DuplicateTracker<int>(context, "port");
        var names = new DuplicateTracker<string>(context, "port name");
        for (var i = 0; i < ports.Count; i++)
        {
            var port = ports[i];
            var path = $"spec.ports[{i}]";
            NumberRules.RequiredPort(context, $"{path}.number", port.Number);
            NumberRules.Port(context, $"{path}.targetPort", port.TargetPort);
            ProtocolRules.Validate(context, $"{path}.protocol", port.Protocol);
            if (string.IsNullOrEmpty(port.Name))
            {
                context.Add($"{path}.name", "port name is required");
            }
            else if (!NameRules.IsDns1123Label(port.Name))
            {
                context.Add($"{path}.name", $"invalid port name \"{port.Name}\": expected a DNS-1123 label");
            }
            else
            {
                names.Add(port.Name, path, $"{path}.name");
            }

            if (port.Number is { } number)
            {
                numbers.Add(number, path, $"{path}.number");
            }
        }
    }
}
