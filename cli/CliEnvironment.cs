namespace GatewayMesh.Cli;

/// <summary>What a command reads from its surroundings besides the console, so tests can supply their own.</summary>
internal sealed record CliEnvironment
{
    public static CliEnvironment System => new();

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    public string HomeDirectory { get; init; } = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Resolves a path the user typed against the current directory.</summary>
    public string ResolvePath(string path) => Path.GetFullPath(path, CurrentDirectory);
}
