using System.Security.Cryptography;
using System.Text;
using GatewayMesh.Cli.Local.State;

namespace GatewayMesh.Cli.Local.Store;

/// <summary>A Redis user meshctl provisions and the owner-only file holding its password.</summary>
internal sealed record RedisUser(string Name, string PasswordFile, string Password);

/// <summary>
/// The private Redis's users, written to an ACL file (passwords only as SHA-256 hashes; the file is owner-only):
/// <list type="bullet">
/// <item><c>registry</c>: every command but the admin and dangerous ones (FLUSHALL, CONFIG SET, ACL, KEYS, ...), on keys and
/// channels under <c>{gatewaymesh}:</c> (and the keys of the layout before hash tags, which it migrates): the registry is the only writer.</item>
/// <item><c>proxy</c>: read-only on <c>{gatewaymesh}:*</c> (reads, MULTI/EXEC of reads, SUBSCRIBE/SSUBSCRIBE) and read-write on
/// <c>gatewaymesh:quota:*</c> only, through the quota scripts (EVALSHA); the user docs/redis-layout.md describes minus
/// the dangerous commands (CLIENT KILL, KEYS), for ingress and sidecars.</item>
/// <item><c>default</c>: everything, behind a password, for an operator (<c>redis-cli --pass</c>). It stays on because
/// Redis 7.0 replays the append-only file's MULTI/EXEC blocks with the default user's rights: turned off, every
/// transaction is refused on restart and the stored configs are lost.</item>
/// </list>
/// The passwords are random, generated once into <c>&lt;state&gt;/secrets/redis-&lt;user&gt;.password</c> and kept across restarts.
/// </summary>
internal static class RedisAcl
{
    /// <summary>Every key and channel of the mesh (the hash-tagged layout, docs/redis-layout.md).</summary>
    public const string KeyPattern = "{gatewaymesh}:*";

    /// <summary>The layout before hash tags, which only the registry touches: it renames those keys once.</summary>
    public const string LegacyKeyPattern = "gatewaymesh:*";

    /// <summary>The only keys proxies may write: shared quota counters (redisquota, global rate limits).</summary>
    public const string QuotaKeyPattern = "gatewaymesh:quota:*";

    // The quota scripts by SHA (loaded once with SCRIPT LOAD) and the commands they run; key permissions confine
    // every write, in or out of a script, to the quota keys.
    private const string QuotaScripts = "+evalsha +script|load +hset +hincrby +hdel +pexpire";

    // What StackExchange.Redis asks while connecting; refused, it still connects but logs and guesses.
    private const string ClientLookAround = "+info +config|get +cluster|nodes";

    /// <summary>Every beginning of the mesh's keys, which no Dapr app's user reaches (<see cref="DaprAppAcl"/>).</summary>
    public static readonly IReadOnlyList<string> MeshKeyPrefixes = [KeyPattern.TrimEnd('*'), LegacyKeyPattern.TrimEnd('*')];

    public static readonly IReadOnlyList<(string User, string Rules)> Users =
    [
        ("registry", $"resetkeys ~{KeyPattern} ~{LegacyKeyPattern} resetchannels &{KeyPattern} +@all -@admin -@dangerous {ClientLookAround}"),
        ("proxy", $"resetkeys %R~{KeyPattern} ~{QuotaKeyPattern} resetchannels &{KeyPattern} -@all +@read +@connection +@transaction -@dangerous +subscribe +unsubscribe +ssubscribe +sunsubscribe {QuotaScripts} {ClientLookAround}"),
        ("default", "~* &* +@all"),
        // Dapr apps (issue 14): one user per app for its own state, streams and configuration, never mesh keys (DaprAppAcl).
        .. DaprAppAcl.BookinfoApps.Select(app => (DaprAppAcl.UserName(app), DaprAppAcl.Rules(app, MeshKeyPrefixes))),
    ];

    /// <summary>Creates missing passwords, writes <paramref name="aclFile"/>, and returns every user by name.</summary>
    public static IReadOnlyDictionary<string, RedisUser> Provision(string secretsDir, string aclFile)
    {
        OwnerOnly.CreateDirectory(secretsDir);
        var users = Users.ToDictionary(
            u => u.User,
            u =>
            {
                var file = Path.Combine(secretsDir, $"redis-{u.User}.password");
                return new RedisUser(u.User, file, SecretFile.ReadOrCreate(file));
            });
        OwnerOnly.CreateDirectory(Path.GetDirectoryName(aclFile)!);
        OwnerOnly.WriteFile(aclFile, Render(users));
        return users;
    }

    internal static string Render(IReadOnlyDictionary<string, RedisUser> users)
    {
        var text = new StringBuilder();
        foreach (var (name, rules) in Users)
        {
            text.Append($"user {name} on #{Hash(users[name].Password)} {rules}\n");
        }

        return text.ToString();
    }

    private static string Hash(string password) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
}
