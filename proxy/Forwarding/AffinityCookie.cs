using System.Globalization;
using System.Text;
using GatewayMesh.Proxy.LoadBalancing;

namespace GatewayMesh.Proxy.Forwarding;

/// <summary>Formats a balancer's <see cref="SetCookieInstruction"/> as a Set-Cookie header value.</summary>
internal static class AffinityCookie
{
    public static string Format(SetCookieInstruction cookie)
    {
        var text = new StringBuilder().Append(cookie.Name).Append('=').Append(cookie.Value);
        if (!string.IsNullOrEmpty(cookie.Path))
        {
            text.Append("; Path=").Append(cookie.Path);
        }

        if (cookie.MaxAge is { } maxAge && maxAge > TimeSpan.Zero)
        {
            text.Append("; Max-Age=").Append(((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        }

        foreach (var attribute in cookie.Attributes)
        {
            if (string.IsNullOrEmpty(attribute.Name))
            {
                continue;
            }

            text.Append("; ").Append(attribute.Name);
            if (!string.IsNullOrEmpty(attribute.Value))
            {
                text.Append('=').Append(attribute.Value);
            }
        }

        text.Append("; HttpOnly");
        return text.ToString();
    }
}
