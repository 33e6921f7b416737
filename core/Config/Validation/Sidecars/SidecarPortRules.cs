using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Sidecars;

/// <summary>A listener's port (number, protocol, optional name; targetPort has no effect) and bind address.</summary>
internal static class SidecarPortRules
{
    public const string UnixPrefix = "unix://";

    /// <summary>The port at <c>{listenerPath}.port</c> and the bind address at <c>{listenerPath}.bind</c>.</summary>
    public static void Validate(ValidationContext context, string listenerPath, SidecarPort port, string? bind, bool allowUnixSocket)
    {
        var path = $"{listenerPath}.port";
        if (port.TargetPort is > 0)
        {
            context.Add($"{path}.targetPort", "targetPort has no effect on a Sidecar; remove it");
        }

        if (port.Name is { Length: > 0 } name && !NameRules.IsDns1123Label(name))
        {
            context.Add($"{path}.name", $"invalid port name \"{name}\": expected a DNS-1123 label");
        }

        ProtocolRules.Validate(context, $"{path}.protocol", port.Protocol);
        if (port.Number is 0 && allowUnixSocket)
        {
            if (bind is null || !bind.StartsWith(UnixPrefix, StringComparison.Ordinal) || bind.Length == UnixPrefix.Length)
            {
                context.Add($"{path}.number", "port 0 needs a unix domain socket bind address (unix://path)");
            }

            return;
        }

        NumberRules.RequiredPort(context, $"{path}.number", port.Number);
        if (bind is { Length: > 0 } && !AddressRules.IsIp(bind))
        {
            context.Add($"{listenerPath}.bind", $"invalid bind address \"{bind}\": expected an IP address");
        }
    }
}
