using GatewayMesh.Ca.Authority;

namespace GatewayMesh.Ca.Rotation;

/// <summary>
/// Root rotation without downtime, in three steps on the CA's folder (docs/ca-root-rotation.md). Each step rewrites
/// <c>roots.json</c> with one rename; a running CA picks the change up on its next reload.
/// <list type="number">
/// <item><b>prepare</b>: a new root is created and trusted (bundle = active + next); the active root still signs.</item>
/// <item><b>activate</b>: the new root signs; the old one stays trusted as <c>previous</c> until every certificate it
/// signed has expired (now + max TTL + skew). Its key is deleted: it will never sign again.</item>
/// <item><b>retire</b>: the previous root leaves the bundle; refused before its retire time unless forced.</item>
/// </list>
/// </summary>
public static class RootRotation
{
    public static readonly TimeSpan RetireSkew = TimeSpan.FromMinutes(5);

    public static string Prepare(CaDirectory directory, string trustDomain, TimeProvider time)
    {
        var set = RootSet.Read(directory);
        if (set.Next is not null)
        {
            throw new RotationException($"root {set.Next} is already prepared: run 'rotate-root activate'");
        }

        if (set.Previous is not null)
        {
            throw new RotationException($"root {set.Previous} is still trusted from the last rotation: run 'rotate-root retire' first");
        }

        var (id, certificate, key) = RootCertificateFactory.Create(trustDomain, time);
        using (key)
        {
            RootFiles.Write(directory, id, certificate, key);
        }

        Apply(directory, set with { Next = id });
        return id;
    }

    public static RootSet Activate(CaDirectory directory, TimeSpan maxTtl, TimeProvider time)
    {
        var set = RootSet.Read(directory);
        if (set.Next is null)
        {
            throw new RotationException("no root is prepared: run 'rotate-root prepare' first");
        }

        RootFiles.ReadSigner(directory, set.Next); // the new root must load before it signs
        var activated = new RootSet(set.Next, Previous: set.Active, PreviousRetiresAt: time.GetUtcNow() + maxTtl + RetireSkew);
        Apply(directory, activated);
        File.Delete(directory.RootKeyFile(set.Active));
        return activated;
    }

    public static string Retire(CaDirectory directory, TimeProvider time, bool force)
    {
        var set = RootSet.Read(directory);
        if (set.Previous is null)
        {
            throw new RotationException("no previous root to retire");
        }

        if (!force && set.PreviousRetiresAt is { } retiresAt && time.GetUtcNow() < retiresAt)
        {
            throw new RotationException($"certificates signed by root {set.Previous} may be valid until {retiresAt:u}; retire after that, or pass --force to cut them off now");
        }

        Apply(directory, set with { Previous = null, PreviousRetiresAt = null });
        Directory.Delete(Path.Combine(directory.RootsDir, set.Previous), recursive: true);
        return set.Previous;
    }

    private static void Apply(CaDirectory directory, RootSet set)
    {
        set.Write(directory);
        LocalRootAuthority.Load(directory); // checks the new set and rewrites root-cert.pem and trust-bundle.pem
    }
}

/// <summary>A rotation step that cannot run in the folder's current state; the message says what to run instead.</summary>
public sealed class RotationException(string message) : Exception(message);
