using System.Security.Cryptography;
using System.Text;

namespace GatewayMesh.Cli.Local;

/// <summary>A Redis user meshctl provisions and the owner-only file holding its password.</summary>
internal sealed record RedisUser(string Name, string PasswordFile, string Password);

/// <summary>
/// The private Redis's users, written to an ACL file (passwords only as SHA-256 hashes; the file is owner-only):
/// <list type="bullet">
/// <item><c>default</c>: off, so nothing reaches Redis without a password.</item>
/// <item><c>registry</c>: everything on keys and channels under <c>gatewaymesh:</c>: the registry is the only writer.</item>
/// <item><c>proxy</c>: read-only on <c>gatewaymesh:*</c> (reads, transactions of reads, subscribe), for ingress and sidecars.</item>
/// <item><c>admin</c>: everything, for an operator with redis-cli.</item>
/// </list>
/// The passwords are random, generated once into <c>&lt;state&gt;/secrets/redis-&lt;user&gt;.password</c> and kept across restarts.
/// </summary>
internal static class RedisAcl
{
    public const string KeyPattern = "gatewaymesh:*";

    public static readonly IReadOnlyList<(string User, string Rules)> Users =
    [
        ("registry", $"resetchannels ~{KeyPattern} &{KeyPattern} +@all"),
        ("proxy", $"resetchannels ~{KeyPattern} &{KeyPattern} -@all +@read +@connection +@transaction +subscribe +unsubscribe +psubscribe +punsubscribe -@dangerous"),
        ("admin", "~* &* +@all"),
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
        var text = new StringBuilder("user default off resetchannels -@all\n");
        foreach (var (name, rules) in Users)
        {
            text.Append($"user {name} on #{Hash(users[name].Password)} {rules}\n");
        }

        return text.ToString();
    }

    private static string Hash(string password) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
}
