using System.CommandLine;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli;

/// <summary>Options every command accepts: where the registry is, how to authenticate, and the output format.</summary>
internal sealed class GlobalOptions
{
    public Option<string?> Server { get; } = new("--server")
    {
        Description = "Registry URL, e.g. http://127.0.0.1:15080 (env MESHCTL_SERVER)",
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token for the registry (env MESHCTL_TOKEN)",
        Recursive = true,
    };

    public Option<string?> TokenFile { get; } = new("--token-file")
    {
        Description = "File holding the bearer token (env MESHCTL_TOKEN_FILE)",
        Recursive = true,
    };

    public Option<string?> Context { get; } = new("--context")
    {
        Description = "Context file with the server and token file (env MESHCTL_CONTEXT)",
        Recursive = true,
    };

    public Option<string?> RequestTimeout { get; } = new("--request-timeout")
    {
        Description = "How long to wait for one registry request, e.g. 30s or 2m; 0 waits forever (env MESHCTL_REQUEST_TIMEOUT; default 30s)",
        Recursive = true,
    };

    public Option<string> Output { get; } = CreateOutputOption();

    public void AddTo(Command root)
    {
        root.Options.Add(Server);
        root.Options.Add(Token);
        root.Options.Add(TokenFile);
        root.Options.Add(Context);
        root.Options.Add(RequestTimeout);
        root.Options.Add(Output);
    }

    private static Option<string> CreateOutputOption()
    {
        var option = new Option<string>("--output", "-o")
        {
            Description = "Output format: table, wide, yaml or json",
            Recursive = true,
            DefaultValueFactory = _ => "table",
        };
        option.AcceptOnlyFromAmong(OutputFormats.Names);
        return option;
    }
}
