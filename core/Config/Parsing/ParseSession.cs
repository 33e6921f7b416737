using System.Text;
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
            var label = sourceName ?? "input";
            var error = new ConfigError(label, "", $"internal error while parsing: {ex.GetType().Name}: {ex.Message}");
            return new ConfigParseResult([], [error]) { Items = [new ParsedItem(label, null, [error])] };
        }
    }

    private static ConfigParseResult RunUnguarded(string text, string? sourceName, ParseLimits limits)
    {
        var items = new List<ParsedItem>();
        var skipped = new List<SkippedDocument>();
        if (text.Length > limits.MaxInputBytes || Encoding.UTF8.GetByteCount(text) > limits.MaxInputBytes)
        {
            var label = sourceName ?? "input";
            items.Add(new ParsedItem(label, null, [new ConfigError(label, "", $"the input is larger than the limit of {limits.MaxInputBytes} bytes")]));
            return Result(items, skipped);
        }

        var read = YamlTreeReader.Read(text, limits);
        var readErrors = read.Errors.ToLookup(e => e.DocumentNumber);
        var documentNumbers = read.Documents.Select(d => d.Number).Concat(read.Errors.Select(e => e.DocumentNumber)).Distinct().Order();
        var documents = read.Documents.ToDictionary(d => d.Number);
        foreach (var number in documentNumbers)
        {
            var label = ResourceLabel.ForDocument(number, sourceName);
            if (readErrors[number].Any())
            {
                items.Add(new ParsedItem(label, null, [.. readErrors[number].Select(e => new ConfigError(label, "", e.Message))]));
            }

            if (documents.TryGetValue(number, out var document))
            {
                BindDocument(document, label, limits.MaxDocuments, items, skipped);
            }
        }

        return Result(items, skipped);
    }

    private static ConfigParseResult Result(List<ParsedItem> items, List<SkippedDocument> skipped) =>
        new([.. items.Where(i => i.IsComplete).Select(i => i.Resource!)], [.. items.SelectMany(i => i.Errors)])
        {
            Items = items,
            Skipped = skipped,
        };

    private static void BindDocument(YamlDocument document, string label, int maxItems, List<ParsedItem> items, List<SkippedDocument> skipped)
    {
        var documentItems = new List<ParsedItem>();
        var documentSkipped = new List<SkippedDocument>();
        try
        {
            new DocumentBinder(label, maxItems, documentItems, documentSkipped).Bind(document.Root);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            documentItems.Clear();
            documentSkipped.Clear();
            documentItems.Add(new ParsedItem(label, null, [new ConfigError(label, "", $"internal error while binding this document: {ex.GetType().Name}: {ex.Message}")]));
        }

        items.AddRange(documentItems);
        skipped.AddRange(documentSkipped);
    }
}
