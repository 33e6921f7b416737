using System.Net;

namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>IP address and CIDR syntax.</summary>
internal static class AddressRules
{
    public static bool IsIp(string value) => IPAddress.TryParse(value, out _) && !value.Contains('/', StringComparison.Ordinal);

    /// <summary>An address and a prefix length; host bits may be set, as Go's ParseCIDR accepts.</summary>
    public static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(value.AsSpan(0, slash), out var address))
        {
            return false;
        }

        var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        var prefix = value.AsSpan(slash + 1);
        return prefix.Length is > 0 and <= 3 && prefix.ToString().All(char.IsAsciiDigit) && int.Parse(prefix) <= bits;
    }

    public static bool IsIpOrCidr(string value) => IsIp(value) || IsCidr(value);

    /// <summary>Each value must be an IP address or a CIDR block.</summary>
    public static void IpOrCidrList(ValidationContext context, string path, IReadOnlyList<string> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            IpOrCidr(context, $"{path}[{i}]", values[i]);
        }
    }

    public static void IpOrCidr(ValidationContext context, string path, string? value)
    {
        if (value is not null && !IsIpOrCidr(value))
        {
            context.Add(path, $"invalid address \"{value}\": expected an IP address or a CIDR block (e.g. 10.0.0.0/8)");
        }
    }
}
