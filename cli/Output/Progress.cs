namespace GatewayMesh.Cli.Output;

/// <summary>Progress lines on stderr, so stdout stays the command's result (a table, or JSON with <c>-o json</c>).</summary>
internal sealed class Progress(TextWriter error)
{
    public void Step(string message) => error.WriteLine($"• {message}");

    public void Done(string message) => error.WriteLine($"✔ {message}");

    public void Note(string message) => error.WriteLine($"  {message}");

    public void Warn(string message) => error.WriteLine($"! {message}");
}
