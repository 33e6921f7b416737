using System.Text.Encodings.Web;
using System.Text.Json;
using GatewayMesh.Core.Config.Serialization;

namespace GatewayMesh.Cli.Output;

/// <summary>How a command prints its result: human tables, or the machine-readable JSON/YAML form.</summary>
internal enum OutputFormat
{
    Table,
    Wide,
    Yaml,
    Json,
}

internal static class OutputFormats
{
    public static readonly string[] Names = ["table", "wide", "yaml", "json"];

    /// <summary>Indented JSON that keeps non-ASCII characters readable.</summary>
    public static readonly JsonSerializerOptions IndentedJson = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static OutputFormat Parse(string? name) => name?.ToLowerInvariant() switch
    {
        null or "" or "table" => OutputFormat.Table,
        "wide" => OutputFormat.Wide,
        "yaml" => OutputFormat.Yaml,
        "json" => OutputFormat.Json,
        _ => throw new CliException($"unknown output format \"{name}\": use one of {string.Join(", ", Names)}"),
    };

    public static bool IsMachine(this OutputFormat format) => format is OutputFormat.Json or OutputFormat.Yaml;

    /// <summary>Writes a value as indented JSON, or as YAML converted from that JSON.</summary>
    public static void WriteDocument(this OutputFormat format, TextWriter writer, JsonElement value)
    {
        if (format == OutputFormat.Yaml)
        {
            writer.Write(YamlWriter.FromJson(value));
        }
        else
        {
            writer.WriteLine(JsonSerializer.Serialize(value, IndentedJson));
        }
    }

    public static void WriteDocument<T>(this OutputFormat format, TextWriter writer, T value) =>
        format.WriteDocument(writer, JsonSerializer.SerializeToElement(value, IndentedJson));
}
