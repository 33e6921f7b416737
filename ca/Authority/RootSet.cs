using System.Text.Json;
using System.Text.Json.Serialization;

namespace GatewayMesh.Ca.Authority;

/// <summary>
/// Which root signs (<see cref="Active"/>) and which others are trusted: a prepared <see cref="Next"/> one, and the
/// <see cref="Previous"/> one after an activation until it is retired. Stored as <c>roots.json</c>, replaced whole by
/// a rename, so a reader sees either the old or the new set.
/// </summary>
public sealed record RootSet(string Active, string? Next = null, string? Previous = null, DateTimeOffset? PreviousRetiresAt = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The trusted roots, the signing one first.</summary>
    public IReadOnlyList<string> Trusted => new[] { Active, Next, Previous }.OfType<string>().ToArray();

    public static RootSet Read(CaDirectory directory)
    {
        try
        {
            var set = JsonSerializer.Deserialize<RootSet>(OwnerOnlyFiles.ReadSecret(directory.RootSetFile), Json);
            if (set is null || !IsId(set.Active) || (set.Next is not null && !IsId(set.Next)) || (set.Previous is not null && !IsId(set.Previous)))
            {
                throw new CaStartupException($"{directory.RootSetFile} is corrupt: 'active' must name a root folder under {directory.RootsDir}");
            }

            return set;
        }
        catch (JsonException exception)
        {
            throw new CaStartupException($"{directory.RootSetFile} is corrupt: {exception.Message}", exception);
        }
    }

    public void Write(CaDirectory directory) => OwnerOnlyFiles.Write(directory.RootSetFile, JsonSerializer.Serialize(this, Json));

    /// <summary>Root folder names are generated (<c>yyyyMMddTHHmmssZ-hex</c>); anything else is refused, so no path escapes the folder.</summary>
    public static bool IsId(string? id) =>
        id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
