namespace GatewayMesh.Core.Hosting;

/// <summary>
/// Command-line switch mappings for a configuration section: <c>--http-port</c> maps to <c>Section:HttpPort</c>
/// (kebab-case to PascalCase), so a host lists its switch names once instead of writing the map by hand. Every
/// component (registry, ca, ingress, sidecar) builds its <c>AddCommandLine</c> mappings with it.
/// </summary>
public static class CommandLineSwitches
{
    /// <summary>The mappings of <paramref name="switches"/> (without the leading dashes) onto <paramref name="section"/>, case-insensitive.</summary>
    public static IDictionary<string, string> Map(string section, params IEnumerable<string>[] switches)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in switches.SelectMany(s => s))
        {
            map["--" + name] = $"{section}:{PascalCase(name)}";
        }

        return map;
    }

    /// <summary>Adds <paramref name="key"/>'s mapping under a name that does not follow the rule (e.g. <c>--serving-cert-lifetime</c>).</summary>
    public static IDictionary<string, string> With(this IDictionary<string, string> map, string @switch, string key)
    {
        map[@switch] = key;
        return map;
    }

    /// <summary>
    /// Pulls every <c>--NAME value</c> and <c>--NAME=value</c> of a repeatable switch out of <paramref name="args"/> (the
    /// configuration binder cannot express repetition) and returns the rest unchanged.
    /// </summary>
    public static (string[] Remaining, List<string> Values) ExtractRepeated(string[] args, string name)
    {
        var flag = "--" + name;
        var rest = new List<string>(args.Length);
        var values = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == flag && i + 1 < args.Length)
            {
                values.Add(args[++i]);
            }
            else if (args[i].StartsWith(flag + "=", StringComparison.Ordinal))
            {
                values.Add(args[i][(flag.Length + 1)..]);
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        return ([.. rest], values);
    }

    private static string PascalCase(string kebab) =>
        string.Concat(kebab.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
}
