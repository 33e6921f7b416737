using System.Diagnostics;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Local.Processes;

/// <summary>
/// Builds a service of the repository into <c>.build/&lt;name&gt;/</c> when its output is missing or older than any
/// <c>*.cs</c>, <c>*.csproj</c> or <c>*.props</c> file of the project or of core/ (the rule the ./meshctl wrapper uses).
/// </summary>
internal sealed class Builder(MeshPaths paths, CliEnvironment environment, Progress progress)
{
    public const string RegistryDllVariable = "MESHCTL_REGISTRY_DLL";
    public const string CaDllVariable = "MESHCTL_CA_DLL";

    private static readonly string[] SourcePatterns = ["*.cs", "*.csproj", "*.props"];

    /// <summary>The registry's dll: <paramref name="prebuilt"/> or <c>$MESHCTL_REGISTRY_DLL</c> when given, else built if stale.</summary>
    public async Task<string> EnsureRegistryAsync(string? prebuilt, CancellationToken cancellationToken)
    {
        if ((prebuilt ?? environment.GetVariable(RegistryDllVariable)) is { Length: > 0 } given)
        {
            var full = environment.ResolvePath(given);
            return File.Exists(full) ? full : throw new CliException($"the registry dll {full} does not exist");
        }

        return await EnsureBuiltAsync("registry", "gatewaymesh-registry.dll", cancellationToken);
    }

    /// <summary>The dll named by <paramref name="variable"/> when set, else the project built when stale.</summary>
    public async Task<string> EnsureAsync(
        string project, string dllName, string variable, IReadOnlyList<string> dependencies, CancellationToken cancellationToken)
    {
        if (environment.GetVariable(variable) is { Length: > 0 } given)
        {
            var full = environment.ResolvePath(given);
            return File.Exists(full) ? full : throw new CliException($"the {project} dll {full} (from {variable}) does not exist");
        }

        return await EnsureBuiltAsync(project, dllName, cancellationToken, dependencies);
    }

    /// <param name="dependencies">Project folders besides core/ whose sources make the output stale.</param>
    public async Task<string> EnsureBuiltAsync(
        string project, string dllName, CancellationToken cancellationToken, IReadOnlyList<string>? dependencies = null)
    {
        var outputDir = Path.Combine(paths.BuildDir, project);
        return await EnsureAsync(project, outputDir, dllName, ["build"], "the first build takes a minute or two", dependencies, cancellationToken);
    }

    /// <summary>
    /// The project compiled ahead of time (Native AOT, <c>dotnet publish -r &lt;this machine's RID&gt;</c>) into
    /// <c>.build/&lt;project&gt;-native/</c> when stale; its native executable.
    /// </summary>
    public async Task<string> EnsurePublishedNativeAsync(
        string project, string executableName, IReadOnlyList<string> dependencies, CancellationToken cancellationToken)
    {
        var outputDir = Path.Combine(paths.BuildDir, project + "-native");
        string[] publish = ["publish", "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier];
        return await EnsureAsync(project, outputDir, executableName, publish, "compiling ahead of time takes a few minutes the first time", dependencies, cancellationToken);
    }

    private async Task<string> EnsureAsync(
        string project, string outputDir, string outputName, string[] verb, string howLong, IReadOnlyList<string>? dependencies, CancellationToken cancellationToken)
    {
        var output = Path.Combine(outputDir, outputName);
        IEnumerable<string> sourceDirs = [project, "core", .. dependencies ?? []];
        if (!IsStale(output, sourceDirs.Select(dir => Path.Combine(paths.RepoRoot, dir)), paths.RepoRoot))
        {
            return output;
        }

        var (doing, done) = verb[0] == "build" ? ("building", "built") : ("compiling", "compiled");
        progress.Step($"{doing} {project} into {MeshPaths.Show(outputDir, environment)} ({howLong})");
        var stopwatch = Stopwatch.StartNew();
        string[] arguments =
        [
            .. verb, Path.Combine(paths.RepoRoot, project), "-c", "Release", "-o", outputDir,
            "--nologo", "-v", "minimal", "-nodeReuse:false", "-clp:NoSummary",
        ];
        var lines = new List<string>();
        var exitCode = await ExternalCommand.RunAsync(
            DotnetHost.Find(environment),
            arguments,
            line =>
            {
                lines.Add(line);
                progress.Note(line.Trim());
            },
            new Dictionary<string, string> { ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0", ["DOTNET_NOLOGO"] = "1" },
            cancellationToken);
        if (exitCode != 0 || !File.Exists(output))
        {
            throw new CliException($"{doing} {project} failed (dotnet {verb[0]} exited with {exitCode})", [.. lines.TakeLast(20)]);
        }

        File.SetLastWriteTimeUtc(output, DateTime.UtcNow);
        progress.Done($"{done} {project} in {stopwatch.Elapsed.TotalSeconds:0}s");
        return output;
    }

    /// <summary>True when <paramref name="output"/> is missing or a source under <paramref name="sourceDirs"/> (or a root *.props) is newer.</summary>
    internal static bool IsStale(string output, IEnumerable<string> sourceDirs, string repoRoot)
    {
        if (!File.Exists(output))
        {
            return true;
        }

        var builtAt = File.GetLastWriteTimeUtc(output);
        return sourceDirs.Where(Directory.Exists).SelectMany(SourceFiles)
            .Concat(Directory.EnumerateFiles(repoRoot, "*.props", SearchOption.TopDirectoryOnly))
            .Any(file => File.GetLastWriteTimeUtc(file) > builtAt);
    }

    private static IEnumerable<string> SourceFiles(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true };
        foreach (var pattern in SourcePatterns)
        {
            foreach (var file in Directory.EnumerateFiles(directory, pattern, options))
            {
                yield return file;
            }
        }

        foreach (var child in Directory.EnumerateDirectories(directory, "*", options))
        {
            var name = Path.GetFileName(child);
            if (name is "bin" or "obj")
            {
                continue;
            }

            foreach (var file in SourceFiles(child))
            {
                yield return file;
            }
        }
    }
}
