using Microsoft.Playwright;

namespace GatewayMesh.BrowserTests.Browser;

/// <summary>
/// Launches the distribution's Chromium (Debian package <c>chromium</c>) through Playwright's bundled driver. Playwright's
/// own browser download is never used. A missing browser is a test failure with instructions, never a silent skip.
/// </summary>
internal static class Chromium
{
    public const string DefaultPath = "/usr/bin/chromium";
    public const string PathVariable = "GATEWAYMESH_CHROMIUM";

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } given ? given : DefaultPath;

    /// <summary>Throws with install instructions when the browser is missing; called before anything slow starts.</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is missing: no file at {ExecutablePath}. The browser tests need it. Install it " +
                $"(Debian: apt-get install --no-install-recommends chromium; ./test.sh does this when run as root) " +
                $"or set {PathVariable} to a Chromium executable.");
        }
    }

    /// <param name="home">The browser's HOME (where it finds its NSS trust database); null keeps this process's.</param>
    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright, string? home = null)
    {
        EnsureInstalled();
        var options = new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
            Timeout = 30_000,
        };
        if (home is not null)
        {
            var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "");
            environment["HOME"] = home;
            options.Env = environment;
        }

        return await playwright.Chromium.LaunchAsync(options);
    }
}
