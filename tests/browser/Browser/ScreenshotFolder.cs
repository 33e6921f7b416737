namespace GatewayMesh.BrowserTests.Browser;

/// <summary>
/// Where screenshots go: <c>$GATEWAYMESH_ARTIFACTS/browser</c> when the variable is set (test.sh sets it to a kept
/// folder), else <c>artifacts/browser</c> next to the test assembly.
/// </summary>
internal static class ScreenshotFolder
{
    public const string Variable = "GATEWAYMESH_ARTIFACTS";

    public static string Path { get; } = Create();

    public static string For(string fileName) => System.IO.Path.Combine(Path, fileName);

    private static string Create()
    {
        var root = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given
            ? given
            : System.IO.Path.Combine(AppContext.BaseDirectory, "artifacts");
        var folder = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, "browser"));
        Directory.CreateDirectory(folder);
        return folder;
    }
}
