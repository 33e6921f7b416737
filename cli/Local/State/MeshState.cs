using System.Text.Json;
using System.Text.Json.Serialization;

namespace GatewayMesh.Cli.Local.State;

/// <summary>
/// <c>state.json</c>: the processes <c>meshctl up</c> started (in start order) and how to reach the registry.
/// Written after every start, so a failed or interrupted <c>up</c> still leaves a record <c>down</c> can clean up.
/// </summary>
internal sealed record MeshState
{
    public const int CurrentVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public int Version { get; init; } = CurrentVersion;

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The <c>meshctl up</c> process that supervises the mesh in the foreground; null when detached.</summary>
    public int? SupervisorPid { get; init; }

    /// <summary>Set by <c>down</c> before it signals anything, so a foreground <c>up</c> knows the exits are expected.</summary>
    public bool Stopping { get; init; }

    /// <summary>When <c>up</c> had every process ready, the configs applied and the proxies synced; null while it starts.</summary>
    public DateTimeOffset? ReadyAt { get; init; }

    public string? RegistryUrl { get; init; }

    public string? RegistryTokenFile { get; init; }

    /// <summary>The CA's HTTPS address when one was started (with the workloads).</summary>
    public string? CaUrl { get; init; }

    /// <summary>The CA's folder: its roots, <c>trust-bundle.pem</c> and the token-signing key.</summary>
    public string? CaDir { get; init; }

    /// <summary>The Redis the registry uses: a recorded process's address, or an external <c>--redis</c> endpoint.</summary>
    public string? Redis { get; init; }

    public bool ExternalRedis { get; init; }

    public IReadOnlyList<ProcessRecord> Processes { get; init; } = [];

    public static MeshState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<MeshState>(File.ReadAllText(path), Json)
                ?? throw new JsonException("the file holds null");
        }
        catch (JsonException ex)
        {
            throw new CliException($"cannot read {path}: {ex.Message}", ["remove it if no mesh processes are running"]);
        }
    }

    public void Save(string path)
    {
        OwnerOnly.CreateDirectory(Path.GetDirectoryName(path)!);
        OwnerOnly.WriteFile(path, JsonSerializer.Serialize(this, Json) + "\n");
    }

    public static void Delete(string path) => File.Delete(path);
}
