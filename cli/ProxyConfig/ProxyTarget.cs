using System.Globalization;
using GatewayMesh.Cli.Local.Processes;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Local.Workloads;

namespace GatewayMesh.Cli.ProxyConfig;

/// <summary>
/// The proxy a <c>proxy-config</c> command reads: a proxy <c>meshctl up</c> recorded in state.json (by component name
/// such as <c>productpage-v1</c>, or by service when one proxy serves it), or any admin listener given as
/// <c>--admin HOST:PORT</c>.
/// </summary>
internal sealed record ProxyTarget(string Name, Uri AdminUrl)
{
    public static ProxyTarget Resolve(string? name, string? admin, Func<MeshState?> loadState)
    {
        if (admin is not null)
        {
            return name is null
                ? new ProxyTarget(admin, ParseAdmin(admin))
                : throw new CliException("name a proxy or give --admin, not both");
        }

        var state = loadState();
        var proxies = state?.Processes.Where(p => p.Role is not null).ToList() ?? [];
        if (name is null)
        {
            throw new CliException("name the proxy to show", proxies.Count > 0
                ? [$"proxies: {string.Join(", ", proxies.Select(p => p.Name))}", "or --admin HOST:PORT for any proxy"]
                : ["or --admin HOST:PORT for a proxy that ./meshctl up did not start"]);
        }

        if (state is null)
        {
            throw new CliException($"no mesh is recorded, so \"{name}\" names no proxy", ["start it with ./meshctl up, or give --admin HOST:PORT"]);
        }

        var record = Find(proxies, name);
        if (!record.Ports.TryGetValue("admin", out var port))
        {
            throw new CliException($"{record.Name} has no admin port recorded in state.json", ["./meshctl up --restart records it again"]);
        }

        if (!ProcessSupervisor.IsAlive(record))
        {
            throw new CliException($"{record.Name} is not running (pid {record.Pid.ToString(CultureInfo.InvariantCulture)})", ["./meshctl up --restart starts the mesh again"]);
        }

        return new ProxyTarget(record.Name, new Uri(AdminProbe.Url(port)));
    }

    /// <summary><c>HOST:PORT</c>, <c>[V6]:PORT</c> or <c>http://HOST:PORT</c>, as the base URL of the admin listener.</summary>
    public static Uri ParseAdmin(string admin)
    {
        var text = admin.Contains("://", StringComparison.Ordinal) ? admin : "http://" + admin;
        var authority = text[(text.IndexOf("://", StringComparison.Ordinal) + 3)..].TrimEnd('/');
        var colon = authority.LastIndexOf(':');
        var hasPort = colon > authority.LastIndexOf(']') && colon < authority.Length - 1 && authority[(colon + 1)..].All(char.IsAsciiDigit);
        if (!hasPort || !Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.UserInfo.Length > 0 || uri.Port == 0)
        {
            throw new CliException($"--admin \"{admin}\": expected HOST:PORT of a proxy's admin listener, e.g. 127.0.0.1:15000");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }

    /// <summary>A record by component name (any case), else the one proxy serving service <paramref name="name"/>.</summary>
    internal static ProcessRecord Find(IReadOnlyList<ProcessRecord> proxies, string name)
    {
        if (proxies.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) is { } byName)
        {
            return byName;
        }

        var byService = proxies.Where(p => string.Equals(p.Service, name, StringComparison.OrdinalIgnoreCase)).ToList();
        return byService switch
        {
            [var only] => only,
            [] => throw new CliException($"no proxy named \"{name}\"", [$"proxies: {string.Join(", ", proxies.Select(p => p.Name))}"]),
            _ => throw new CliException($"\"{name}\" is served by {byService.Count} proxies; name one", [$"proxies: {string.Join(", ", byService.Select(p => p.Name))}"]),
        };
    }
}
