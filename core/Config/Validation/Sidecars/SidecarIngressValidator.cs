using System.Globalization;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Validation.DestinationRules;
using GatewayMesh.Core.Config.Validation.Rules;

namespace GatewayMesh.Core.Config.Validation.Sidecars;

/// <summary>
/// Ingress listeners: a port on each (unique), a default endpoint on the loopback or any address (or a unix socket by
/// its absolute path),
/// TLS only on HTTPS/TLS ports and without what a sidecar cannot serve (credentialName, SANs, httpsRedirect,
/// ISTIO_MUTUAL, AUTO_PASSTHROUGH), connection pool limits.
/// </summary>
internal static class SidecarIngressValidator
{
    private static readonly string[] EndpointHosts = ["127.0.0.1", "0.0.0.0", "::1", "::", ""];

    public static void Validate(ValidationContext context, Model.Sidecar resource)
    {
        var ports = new Dictionary<int, int>();
        for (var i = 0; i < resource.Spec.Ingress.Count; i++)
        {
            var listener = resource.Spec.Ingress[i];
            var path = $"spec.ingress[{i}]";
            if (listener.Port is not { } port)
            {
                context.Add($"{path}.port", "port is required for an ingress listener");
            }
            else
            {
                SidecarPortRules.Validate(context, path, port, listener.Bind, allowUnixSocket: false);
                if (port.Number is { } number && !ports.TryAdd(number, i))
                {
                    context.Add($"{path}.port.number", $"port {number} is already used by spec.ingress[{ports[number]}]");
                }
            }

            DefaultEndpoint(context, $"{path}.defaultEndpoint", listener.DefaultEndpoint);
            Tls(context, path, listener);
            ConnectionPoolRules.Validate(context, $"{path}.connectionPool", listener.ConnectionPool);
        }
    }

    private static void DefaultEndpoint(ValidationContext context, string path, string? endpoint)
    {
        if (string.IsNullOrEmpty(endpoint) || endpoint.StartsWith(SidecarPortRules.UnixPrefix, StringComparison.Ordinal))
        {
            var socket = endpoint?[SidecarPortRules.UnixPrefix.Length..];
            if (socket is { Length: 0 })
            {
                context.Add(path, "unix socket endpoint needs a path after \"unix://\"");
            }
            else if (socket is not null && !socket.StartsWith('/'))
            {
                context.Add(path, $"invalid defaultEndpoint \"{endpoint}\": the unix socket path must be absolute (unix:///path/to/socket); abstract sockets (unix://@name) are not supported");
            }

            return;
        }

        var colon = endpoint.LastIndexOf(':');
        var host = colon < 0 ? endpoint : endpoint[..colon].Trim('[', ']');
        var portText = colon < 0 ? "" : endpoint[(colon + 1)..];
        if (colon < 0 || !EndpointHosts.Contains(host))
        {
            context.Add(path, $"invalid defaultEndpoint \"{endpoint}\": expected 127.0.0.1:PORT, 0.0.0.0:PORT, [::1]:PORT, [::]:PORT or unix://path");
        }
        else if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || !NumberRules.IsPort(port))
        {
            context.Add(path, $"invalid defaultEndpoint \"{endpoint}\": the port must be between 1 and 65535");
        }
    }

    private static void Tls(ValidationContext context, string path, IstioIngressListener listener)
    {
        if (listener.Tls is not { } tls)
        {
            return;
        }

        var tlsPath = $"{path}.tls";
        if (!ProtocolRules.Is(listener.Port?.Protocol, "HTTPS") && !ProtocolRules.Is(listener.Port?.Protocol, "TLS"))
        {
            context.Add(tlsPath, "tls settings need port protocol HTTPS or TLS");
        }

        if (!tls.SubjectAltNames.IsEmpty)
        {
            context.Add($"{tlsPath}.subjectAltNames", "subjectAltNames is not supported on a sidecar ingress listener");
        }

        if (tls.HttpsRedirect is true)
        {
            context.Add($"{tlsPath}.httpsRedirect", "httpsRedirect is not supported on a sidecar ingress listener");
        }

        if (tls.CredentialName is not null || !tls.CredentialNames.IsEmpty)
        {
            context.Add($"{tlsPath}.credentialName", "credentialName is not supported on a sidecar ingress listener; give the certificate files");
        }

        if (tls.Mode is ServerTlsMode.IstioMutual or ServerTlsMode.AutoPassthrough)
        {
            context.Add($"{tlsPath}.mode", "mode ISTIO_MUTUAL and AUTO_PASSTHROUGH cannot be used on a sidecar ingress listener");
        }
    }
}
