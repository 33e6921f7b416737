using System.Globalization;
using System.Text.RegularExpressions;
using GatewayMesh.Cli.Local.Workloads;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using static GatewayMesh.Cli.Local.Run.RunFileFields;

namespace GatewayMesh.Cli.Local.Run;

/// <summary>
/// Reads Dapr's multi-app run file (<c>version: 1</c>, <c>common</c> with <c>resourcesPath</c>/<c>env</c>, <c>apps[]</c> with
/// <c>appID</c>, <c>appDirPath</c>, <c>appPort</c>, <c>command</c>, <c>env</c>, ...). Relative paths are relative to the
/// file's folder, as in daprd's CLI. Every error is collected, each with its field path and line, and thrown at once
/// (<see cref="RunFileException"/>); fields that tune daprd itself come back as warnings.
/// </summary>
internal static partial class RunFileParser
{
    public const long MaxFileBytes = 1024 * 1024;

    public static (IReadOnlyList<RunApp> Apps, IReadOnlyList<string> Warnings) Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new RunFileException($"run file {path} does not exist", [$"{path}: no such file"]);
        }

        if (new FileInfo(path).Length > MaxFileBytes)
        {
            throw new RunFileException($"run file {path} is too large", [$"{path}: larger than {MaxFileBytes} bytes"]);
        }

        return Parse(File.ReadAllText(path), Path.GetDirectoryName(Path.GetFullPath(path))!, path);
    }

    public static (IReadOnlyList<RunApp> Apps, IReadOnlyList<string> Warnings) Parse(string text, string baseDir, string name)
    {
        var errors = new List<string>();
        var warnings = new List<string>();
        var root = Load(text, errors);
        var apps = new List<RunApp>();
        if (root is not null)
        {
            apps = Walk(root, baseDir, errors, warnings);
        }

        if (errors.Count > 0)
        {
            throw new RunFileException($"run file {name} has {errors.Count} error{(errors.Count == 1 ? "" : "s")}", errors);
        }

        return (apps, warnings);
    }

    private static YamlMappingNode? Load(string text, List<string> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            errors.Add($"(file): not YAML: {ex.Message} (line {ex.Start.Line})");
            return null;
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add("(file): must be one YAML document, a mapping with version and apps");
            return null;
        }

        return root;
    }

    private static List<RunApp> Walk(YamlMappingNode root, string baseDir, List<string> errors, List<string> warnings)
    {
        var reader = new NodeReader(errors);
        foreach (var key in Keys(root).Where(k => k is not ("version" or "common" or "apps")))
        {
            errors.Add($"{key}: unknown field{Line(root.Children[key])} (the run file has version, common and apps)");
        }

        var version = reader.Scalar(root, "version", "version", required: true);
        if (version is not null && version != "1")
        {
            errors.Add($"version: '{version}' is not supported (only version 1){Line(root.Children["version"])}");
        }

        var common = Child(root, "common") is { } commonNode ? reader.Mapping(commonNode, "common") : null;
        var shared = common is null ? Unnamed : ReadFields(reader, common, "common", baseDir, isApp: false, warnings);
        var apps = new List<RunApp>();
        if (Child(root, "apps") is not { } appsNode)
        {
            errors.Add("apps: required: the list of apps to run");
            return apps;
        }

        if (appsNode is not YamlSequenceNode list || list.Children.Count == 0)
        {
            errors.Add($"apps: must be a non-empty list of apps{Line(appsNode)}");
            return apps;
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Children.Count; i++)
        {
            var path = $"apps[{i}]";
            if (reader.Mapping(list.Children[i], path) is not { } app)
            {
                continue;
            }

            var fields = ReadFields(reader, app, path, baseDir, isApp: true, warnings);
            if (fields.AppId is { Length: > 0 } id && !seen.TryAdd(id, path))
            {
                errors.Add($"{path}.{AppId}: '{id}' is already the app id of {seen[id]}{Line(app.Children[AppId])}");
            }

            if (fields.Command.Count == 0 && fields.AppPort is null && fields.AppId.Length > 0)
            {
                errors.Add($"{path}: set {Command} (what to run) or {AppPort} (an app started elsewhere){Line(app)}");
            }

            if (fields is { AppId.Length: > 0, AppDir.Length: > 0 })
            {
                apps.Add(fields with { Env = Merge(shared.Env, fields.Env), ResourcesPath = fields.ResourcesPath ?? shared.ResourcesPath });
            }
        }

        return apps;
    }

    /// <summary>An app (or <c>common</c>) before its id and folder are known to be valid: those stay empty when they are not.</summary>
    private static readonly RunApp Unnamed = new() { AppId = "", AppDir = "" };

    private static RunApp ReadFields(NodeReader reader, YamlMappingNode node, string path, string baseDir, bool isApp, List<string> warnings)
    {
        foreach (var key in Keys(node))
        {
            if (Ignored.Contains(key))
            {
                warnings.Add($"{path}.{key}: a daprd setting the mesh's sidecar does not use; ignored");
            }
            else if (!Used.Contains(key))
            {
                reader.Errors.Add($"{path}.{key}: unknown field{Line(node.Children[key])}");
            }
            else if (!isApp && AppOnly.Contains(key))
            {
                reader.Errors.Add($"{path}.{key}: only an app may set {key}, not common{Line(node.Children[key])}");
            }
        }

        var fields = Unnamed with
        {
            Env = reader.Env(node, $"{path}.{Env}"),
            ResourcesPath = ResourcesPathOf(reader, node, path, baseDir),
        };
        var protocol = reader.Scalar(node, AppProtocol, $"{path}.{AppProtocol}", required: false);
        if (protocol is not null && !protocol.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            reader.Errors.Add($"{path}.{AppProtocol}: '{protocol}' is not supported: the sidecar reaches apps over http only{Line(node.Children[AppProtocol])}");
        }

        if (!isApp)
        {
            return fields;
        }

        var appId = reader.Scalar(node, AppId, $"{path}.{AppId}", required: true);
        if (appId is not null && !AppIdPattern().IsMatch(appId))
        {
            reader.Errors.Add($"{path}.{AppId}: '{appId}' is not a valid app id: lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters (it names the app's mesh service){Line(node.Children[AppId])}");
            appId = null;
        }

        return fields with
        {
            AppId = appId ?? "",
            AppDir = reader.Folder(node, AppDirPath, $"{path}.{AppDirPath}", baseDir, required: true) ?? "",
            Command = reader.StringList(node, Command, $"{path}.{Command}"),
            AppPort = reader.Port(node, AppPort, $"{path}.{AppPort}"),
            DaprHttpPort = reader.Port(node, DaprHttpPort, $"{path}.{DaprHttpPort}"),
            DaprGrpcPort = reader.Port(node, DaprGrpcPort, $"{path}.{DaprGrpcPort}"),
        };
    }

    /// <summary><c>resourcesPath</c>, or <c>resourcesPaths</c> with one folder (the sidecar loads one).</summary>
    private static string? ResourcesPathOf(NodeReader reader, YamlMappingNode node, string path, string baseDir)
    {
        var single = reader.Folder(node, ResourcesPath, $"{path}.{ResourcesPath}", baseDir, required: false);
        var list = reader.StringList(node, ResourcesPaths, $"{path}.{ResourcesPaths}");
        if (list.Count > 1 || (list.Count == 1 && single is not null))
        {
            reader.Errors.Add($"{path}.{ResourcesPaths}: the mesh's sidecar loads one resources folder; give one{Line(node.Children[ResourcesPaths])}");
            return single;
        }

        return list.Count == 1 ? reader.ExistingFolder(list[0], $"{path}.{ResourcesPaths}[0]", baseDir, node.Children[ResourcesPaths]) : single;
    }

    private static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> common, IReadOnlyDictionary<string, string> app)
    {
        var merged = new Dictionary<string, string>(common, StringComparer.Ordinal);
        foreach (var (name, value) in app)
        {
            merged[name] = value;
        }

        return merged;
    }

    private static IEnumerable<string> Keys(YamlMappingNode node) => node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? "");

    private static YamlNode? Child(YamlMappingNode node, string key) => node.Children.TryGetValue(key, out var child) ? child : null;

    internal static string Line(YamlNode node) => node.Start.Line > 0 ? $" (line {node.Start.Line.ToString(CultureInfo.InvariantCulture)})" : "";

    /// <summary>A DNS label: the app id becomes the mesh service name and part of its Redis user's name.</summary>
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    internal static partial Regex AppIdPattern();
}
