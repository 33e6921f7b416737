using GatewayMesh.Ca.Authority;
using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Ca.Rotation;

/// <summary>
/// <c>gatewaymesh-ca rotate-root prepare|activate|retire --dir DIR [--trust-domain TD] [--max-ttl 24h] [--force]</c>,
/// run by the operator who owns the CA's folder (the files are owner-only, so nobody else can). See
/// docs/ca-root-rotation.md. Exit code 0 on success, 1 when the step cannot run now, 2 on bad usage.
/// </summary>
public static class RotateRootCommand
{
    public const string Verb = "rotate-root";
    private const string Usage = "usage: gatewaymesh-ca rotate-root prepare|activate|retire --dir DIR [--trust-domain TD] [--max-ttl 24h] [--force]";

    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider time)
    {
        if (!TryParse(args, out var step, out var dir, out var trustDomain, out var maxTtl, out var force, out var usageError))
        {
            error.WriteLine(usageError);
            error.WriteLine(Usage);
            return 2;
        }

        var directory = new CaDirectory(Path.GetFullPath(dir!));
        try
        {
            switch (step)
            {
                case "prepare":
                    var prepared = RootRotation.Prepare(directory, trustDomain, time);
                    output.WriteLine($"prepared root {prepared}: it is in the trust bundle; the current root still signs.");
                    output.WriteLine("Next: wait until every workload has fetched the new bundle (its next renewal), then run 'rotate-root activate'.");
                    break;
                case "activate":
                    var set = RootSet.Read(directory);
                    var activated = RootRotation.Activate(directory, maxTtl, time);
                    output.WriteLine($"root {activated.Active} now signs; root {set.Active} stays trusted until {activated.PreviousRetiresAt:u}.");
                    output.WriteLine("Next: after that time run 'rotate-root retire'.");
                    break;
                default:
                    var retired = RootRotation.Retire(directory, time, force);
                    output.WriteLine($"root {retired} removed from the trust bundle.");
                    break;
            }

            output.WriteLine("A running CA applies this within its --reload-interval.");
            return 0;
        }
        catch (Exception exception) when (exception is RotationException or CaStartupException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"rotate-root {step}: {exception.Message}");
            return 1;
        }
    }

    private static bool TryParse(string[] args, out string? step, out string? dir, out string trustDomain, out TimeSpan maxTtl, out bool force, out string error)
    {
        step = args.Length > 0 ? args[0] : null;
        dir = null;
        trustDomain = "cluster.local";
        maxTtl = TimeSpan.FromHours(24);
        force = false;
        error = "";
        if (step is not ("prepare" or "activate" or "retire"))
        {
            error = $"unknown step '{step}': expected prepare, activate or retire";
            return false;
        }

        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--dir" when value is not null:
                    dir = value;
                    i++;
                    break;
                case "--trust-domain" when value is not null:
                    trustDomain = value;
                    i++;
                    break;
                case "--max-ttl" when value is not null && MeshDuration.TryParse(value, out var ttl, out _):
                    maxTtl = ttl.Value;
                    i++;
                    break;
                case "--force":
                    force = true;
                    break;
                default:
                    error = $"unknown or incomplete option '{args[i]}'";
                    return false;
            }
        }

        if (dir is null)
        {
            error = "--dir is required";
            return false;
        }

        return true;
    }
}
