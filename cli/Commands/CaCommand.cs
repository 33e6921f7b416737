using System.CommandLine;
using GatewayMesh.Cli.Identity;
using GatewayMesh.Cli.Local.Certificates;
using GatewayMesh.Cli.Local.State;
using GatewayMesh.Cli.Output;
using GatewayMesh.Core.Config.Model;
using GatewayMesh.Core.Identity;

namespace GatewayMesh.Cli.Commands;

/// <summary>
/// <c>meshctl ca token --namespace NS --service-account SA [--ttl 10m] [--ca-dir DIR]</c>: prints a one-use bootstrap
/// token for that workload identity (with <c>-o json</c>: the token, identity and expiry). Root rotation is run with
/// the CA binary itself (<c>gatewaymesh-ca rotate-root</c>, docs/ca-root-rotation.md).
/// </summary>
internal static class CaCommand
{
    public static Command Create(CliApp app)
    {
        var command = new Command("ca", "Work with the mesh's certificate authority");
        command.Subcommands.Add(CreateToken(app));
        return command;
    }

    private static Command CreateToken(CliApp app)
    {
        var ns = new Option<string>("--namespace", "-n") { Description = "The workload's namespace", DefaultValueFactory = _ => "default" };
        var serviceAccount = new Option<string>("--service-account") { Description = "The workload's service account", Required = true };
        var ttl = new Option<string>("--ttl") { Description = "How long the token may be used (at most 24h)", DefaultValueFactory = _ => "10m" };
        var trustDomain = new Option<string>("--trust-domain") { Description = "The mesh's trust domain", DefaultValueFactory = _ => SpiffeId.DefaultTrustDomain };
        var caDir = new Option<string?>("--ca-dir") { Description = "The CA's folder (default <state dir>/ca of the local mesh)" };
        var stateDir = MeshOptions.StateDir();
        var command = new Command("token", "Mint a one-use bootstrap token for a workload identity") { ns, serviceAccount, ttl, trustDomain, caDir, stateDir };
        command.SetAction(app, context =>
        {
            var text = $"spiffe://{context.Get(trustDomain)}/ns/{context.Get(ns)}/sa/{context.Get(serviceAccount)}";
            if (!SpiffeId.TryParse(text, out var identity, out var error))
            {
                throw new CliException(error);
            }

            if (!MeshDuration.TryParse(context.Get(ttl), out var lifetime, out var ttlError))
            {
                throw new CliException($"--ttl: {ttlError}");
            }

            var dir = context.Get(caDir) is { Length: > 0 } given
                ? context.Environment.ResolvePath(given)
                : CaLauncher.DefaultDir(MeshPaths.Resolve(context.Environment, context.Get(stateDir)));
            var time = context.Environment.Time;
            var token = TokenMinter.Mint(dir, identity, lifetime.Value, time);
            if (context.Output.IsMachine())
            {
                context.Output.WriteDocument(context.Out, new { token, identity = identity.ToString(), expiresAt = time.GetUtcNow() + lifetime.Value });
            }
            else
            {
                context.Out.WriteLine(token);
            }

            return Task.FromResult(0);
        });
        return command;
    }
}
