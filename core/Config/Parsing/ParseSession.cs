using System.Text;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Config.Parsing.Documents;
using GatewayMesh.Core.Config.Parsing.Yaml;

namespace GatewayMesh.Core.Config.Parsing;

/// <summary>
/// One run of <see cref="ConfigParser.Parse"/>: checks the size, reads every document, binds each one on its own,
/// and reports errors in document order. Nothing thrown escapes: an unexpected exception becomes an error.
/// </summary>
internal static class ParseSession
{
    public static ConfigParseResult Run(string? text, string? sourceName, ParseLimits limits)
    {
        try
        {
            return RunUnguarded(text ?? "", sourceName, limits);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new ConfigParseResult([], [new ConfigError(sourceName ?? "input", "", $"internal error while parsing: {ex.GetType().Name}: {ex.Message}")]);
        }
    }

    private static ConfigParseResult RunUnguarded(string text, string? sourceName, ParseLimits limits)
    {
        var resources = new List<ConfigResource>();
        var errors = new List<ConfigError>();
        if (text.Length > limits.MaxInputBytes || Encoding.UTF8.GetByteCount(text) > limits.MaxInputBytes)
        {
            errors.Add(new ConfigError(sourceName ?? "input", "", $"the input is larger than the limit of {limits.MaxInputBytes} bytes"));
            return new ConfigParseResult(resources, errors);
        }

        var read = YamlTreeReader.Read(text, limits);
        var readErrors = read.Errors.ToLookup(e => e.DocumentNumber);
        var documentNumbers = read.Documents.Select(d => d.Number).Concat(read.Errors.Select(e => e.DocumentNumber)).Distinct().Order();
        var documents = read.Documents.ToDictionary(d => d.Number);
        foreach (var number in documentNumbers)
        {
            var label = ResourceLabel.ForDocument(number, sourceName);
            errors.AddRange(readErrors[number].Select(e => new ConfigError(label, "", e.Message)));
            if (documents.TryGetValue(number, out var document))
            {
                BindDocument(document, label, limits.MaxDocuments, resources, errors);
            }
        }

        return new ConfigParseResult(resources, errors);
    }

    private static void BindDocument(YamlDocument document, string label, int maxItems, List<ConfigResource> resources, List<ConfigError> errors)
    {
        var documentResources = new List<ConfigResource>();
        var documentErrors = new List<ConfigError>();
        try
        {
            new DocumentBinder(label, maxItems, documentResources, documentErrors).Bind(document.Root);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            documentResources.Clear();
            documentErrors.Add(new ConfigError(label, "", $"internal error while binding this document: {ex.GetType().Name}: {ex.Message}"));
        }

        resources.AddRange(documentResources);
        errors.AddRange(documentErrors);
    }
}
