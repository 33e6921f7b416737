using System.Text.Json;

namespace GatewayMesh.Cli.Output;

/// <summary>Prints a failure to stderr: <c>error: message</c> plus indented details, or <c>{"error", "details"}</c> with <c>-o json</c>.</summary>
internal static class ErrorWriter
{
    public static void Write(TextWriter error, OutputFormat format, string message, IReadOnlyList<string> details)
    {
        if (format == OutputFormat.Json)
        {
            error.WriteLine(JsonSerializer.Serialize(new { error = message, details }, OutputFormats.IndentedJson));
            return;
        }

        error.WriteLine($"error: {message}");
        foreach (var detail in details)
        {
            error.WriteLine($"  {detail}");
        }
    }
}
