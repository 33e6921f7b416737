using System.CommandLine;

namespace GatewayMesh.Cli.Commands;

/// <summary>Options several commands share, created fresh for each command that uses them.</summary>
internal static class CommonOptions
{
    public static Option<string[]> Files(string verb, bool required) => new("--filename", "-f")
    {
        Description = $"File, directory (its *.yaml, *.yml, *.json) or - for stdin to {verb}; repeatable",
        Required = required,
        AllowMultipleArgumentsPerToken = false,
        Arity = required ? ArgumentArity.OneOrMore : ArgumentArity.ZeroOrMore,
    };

    public static Option<bool> Recursive() => new("--recursive", "-R")
    {
        Description = "Also read files in subdirectories of a -f directory",
    };

    public static Option<string?> Namespace() => new("--namespace", "-n")
    {
        Description = "Namespace (default: default)",
    };

    public static Option<bool> AllNamespaces() => new("--all-namespaces", "-A")
    {
        Description = "List across all namespaces",
    };
}
