namespace GatewayMesh.Cli.Context;

/// <summary>What the user passed on the command line about the registry connection; null when not given.</summary>
internal sealed record ConnectionFlags(string? Server = null, string? Token = null, string? TokenFile = null, string? ContextPath = null, string? RequestTimeout = null);

/// <summary>
/// Where the registry is and the token to send. Each setting comes from the first of: flag, environment, context file.
/// </summary>
internal sealed record ConnectionSettings(Uri Server, string? Token, TimeSpan? RequestTimeout = null)
{
    public const string ServerVariable = "MESHCTL_SERVER";
    public const string TokenVariable = "MESHCTL_TOKEN";
    public const string TokenFileVariable = "MESHCTL_TOKEN_FILE";
    public const string RequestTimeoutVariable = "MESHCTL_REQUEST_TIMEOUT";

    public static ConnectionSettings Resolve(ConnectionFlags flags, CliEnvironment environment) =>
        TryResolve(flags, environment, out var contextPath) ?? throw new CliException(
            "no registry server configured",
            [$"pass --server URL (the registry listens on http://127.0.0.1:15080 by default), set {ServerVariable}, or start the mesh with ./meshctl up (which writes {contextPath})"]);

    /// <summary>The settings, or null when no flag, variable or context file names a server.</summary>
    public static ConnectionSettings? TryResolve(ConnectionFlags flags, CliEnvironment environment, out string contextPath)
    {
        contextPath = flags.ContextPath is { Length: > 0 } given
            ? environment.ResolvePath(given)
            : environment.GetVariable(ContextFile.PathVariable) is { Length: > 0 } fromEnv
                ? environment.ResolvePath(fromEnv)
                : ContextFile.DefaultPath(environment);
        var context = ContextFile.Read(contextPath);

        var server = FirstOf(flags.Server, environment.GetVariable(ServerVariable), context?.Server);
        if (server is null)
        {
            return null;
        }

        var token = FirstOf(flags.Token)
            ?? ReadTokenFile(flags.TokenFile, environment)
            ?? FirstOf(environment.GetVariable(TokenVariable))
            ?? ReadTokenFile(environment.GetVariable(TokenFileVariable), environment)
            ?? ReadTokenFile(context?.TokenFile, environment);

        var timeout = FirstOf(flags.RequestTimeout, environment.GetVariable(RequestTimeoutVariable));
        return new ConnectionSettings(ParseServer(server), token, timeout is null ? null : RequestTimeouts.Parse(timeout));
    }

    public static Uri ParseServer(string text)
    {
        var withScheme = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliException($"invalid server URL \"{text}\": expected e.g. http://127.0.0.1:15080");
        }

        // A trailing slash keeps a path prefix (http://host/mesh/) when API paths are appended.
        return uri.AbsolutePath.EndsWith('/') ? uri : new UriBuilder(uri) { Path = uri.AbsolutePath + "/" }.Uri;
    }

    private static string? FirstOf(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static string? ReadTokenFile(string? path, CliEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return null;
        }

        var fullPath = environment.ResolvePath(path);
        try
        {
            var token = File.ReadAllText(fullPath).Trim();
            return token.Length == 0 ? throw new CliException($"the token file {fullPath} is empty") : token;
        }
        catch (IOException ex)
        {
            throw new CliException($"cannot read the token file {fullPath}: {ex.Message}");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException($"cannot read the token file {fullPath}: permission denied");
        }
    }
}
