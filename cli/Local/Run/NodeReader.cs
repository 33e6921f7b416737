using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace GatewayMesh.Cli.Local.Run;

/// <summary>Typed reads of one run file's YAML nodes; each problem is added to <see cref="Errors"/> with its field path and line.</summary>
internal sealed class NodeReader(List<string> errors)
{
    public const int MaxEnvEntries = 256;

    public List<string> Errors => errors;

    public YamlMappingNode? Mapping(YamlNode node, string path)
    {
        if (node is YamlMappingNode mapping)
        {
            return mapping;
        }

        errors.Add($"{path}: must be a mapping{RunFileParser.Line(node)}");
        return null;
    }

    public string? Scalar(YamlMappingNode parent, string key, string path, bool required)
    {
        if (!parent.Children.TryGetValue(key, out var node))
        {
            if (required)
            {
                errors.Add($"{path}: required");
            }

            return null;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value.Trim();
        }

        errors.Add($"{path}: must be a non-empty value{RunFileParser.Line(node)}");
        return null;
    }

    public int? Port(YamlMappingNode parent, string key, string path)
    {
        var text = Scalar(parent, key, path, required: false);
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535)
        {
            return port;
        }

        errors.Add($"{path}: '{text}' is not a port number (1-65535){RunFileParser.Line(parent.Children[key])}");
        return null;
    }

    /// <summary>A list of non-empty strings (<c>command: ["dotnet", "run"]</c>); a single string is one element.</summary>
    public IReadOnlyList<string> StringList(YamlMappingNode parent, string key, string path)
    {
        if (!parent.Children.TryGetValue(key, out var node))
        {
            return [];
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } single })
        {
            return [single];
        }

        if (node is not YamlSequenceNode { Children.Count: > 0 } list)
        {
            errors.Add($"{path}: must be a non-empty list of strings{RunFileParser.Line(node)}");
            return [];
        }

        var items = new List<string>();
        for (var i = 0; i < list.Children.Count; i++)
        {
            if (list.Children[i] is YamlScalarNode { Value: { Length: > 0 } item })
            {
                items.Add(item);
            }
            else
            {
                errors.Add($"{path}[{i}]: must be a non-empty string{RunFileParser.Line(list.Children[i])}");
            }
        }

        return items;
    }

    /// <summary>A mapping of variable names to scalar values (numbers and booleans become their text).</summary>
    public IReadOnlyDictionary<string, string> Env(YamlMappingNode parent, string path)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!parent.Children.TryGetValue(RunFileFields.Env, out var node))
        {
            return env;
        }

        if (node is not YamlMappingNode mapping)
        {
            errors.Add($"{path}: must be a mapping of variable names to values{RunFileParser.Line(node)}");
            return env;
        }

        if (mapping.Children.Count > MaxEnvEntries)
        {
            errors.Add($"{path}: more than {MaxEnvEntries} variables{RunFileParser.Line(node)}");
        }

        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var name = (keyNode as YamlScalarNode)?.Value ?? "";
            if (name.Length == 0 || name.Contains('=', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            {
                errors.Add($"{path}: '{name}' is not a variable name{RunFileParser.Line(keyNode)}");
            }
            else if (valueNode is not YamlScalarNode scalar || (scalar.Value ?? "").Contains('\0', StringComparison.Ordinal))
            {
                errors.Add($"{path}.{name}: must be a single value (a string, number or boolean){RunFileParser.Line(valueNode)}");
            }
            else
            {
                env[name] = scalar.Value ?? "";
            }
        }

        return env;
    }

    /// <summary>An existing folder, relative to <paramref name="baseDir"/> unless absolute; null (and an error) otherwise.</summary>
    public string? Folder(YamlMappingNode parent, string key, string path, string baseDir, bool required)
    {
        var text = Scalar(parent, key, path, required);
        return text is null ? null : ExistingFolder(text, path, baseDir, parent.Children[key]);
    }

    public string? ExistingFolder(string text, string path, string baseDir, YamlNode node)
    {
        var full = Path.GetFullPath(text, baseDir);
        if (Directory.Exists(full))
        {
            return full;
        }

        errors.Add($"{path}: folder '{text}' does not exist (looked for {full}){RunFileParser.Line(node)}");
        return null;
    }
}
