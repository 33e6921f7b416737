using System.Text;
using GatewayMesh.Cli.Client;

namespace GatewayMesh.Cli.Input;

/// <summary>Joins the inputs into one request body: a single JSON document as JSON, anything else as a YAML stream.</summary>
internal sealed record ApplyBody(string Text, string ContentType)
{
    public const int MaxBytes = 1024 * 1024;

    public static ApplyBody From(IReadOnlyList<InputDocument> documents)
    {
        if (documents.Count == 1 && LooksLikeJson(documents[0].Text))
        {
            return Checked(new ApplyBody(documents[0].Text, RegistryClient.JsonContentType));
        }

        var text = string.Join("\n---\n", documents.Select(d => d.Text.TrimEnd()).Where(t => t.Length > 0)) + "\n";
        return Checked(new ApplyBody(text, RegistryClient.YamlContentType));
    }

    private static bool LooksLikeJson(string text) => text.TrimStart().StartsWith('{');

    private static ApplyBody Checked(ApplyBody body)
    {
        var bytes = Encoding.UTF8.GetByteCount(body.Text);
        return bytes <= MaxBytes
            ? body
            : throw new CliException($"the input is {bytes} bytes; the registry accepts at most {MaxBytes} bytes per request: split it into several applies");
    }
}
