using System.CommandLine;
using GatewayMesh.Cli.Output;

namespace GatewayMesh.Cli.Commands;

/// <summary>Binds a command's action, turning failures into an error message on stderr and a non-zero exit code.</summary>
internal static class CommandRunner
{
    public const string DebugVariable = "MESHCTL_DEBUG";

    public static void SetAction(this Command command, CliApp app, Func<CommandContext, Task<int>> action) =>
        command.SetAction((parseResult, cancellationToken) => RunAsync(app, parseResult, action, cancellationToken));

    private static async Task<int> RunAsync(CliApp app, ParseResult parseResult, Func<CommandContext, Task<int>> action, CancellationToken cancellationToken)
    {
        var format = OutputFormat.Table;
        try
        {
            var context = new CommandContext(app, parseResult, cancellationToken);
            format = context.Output;
            return await action(context);
        }
        catch (CliException ex)
        {
            ErrorWriter.Write(app.Console.Error, format, ex.Message, ex.Details);
            return ex.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ErrorWriter.Write(app.Console.Error, format, "interrupted", []);
            return 130;
        }
        catch (Exception ex)
        {
            var details = app.Environment.GetVariable(DebugVariable) is { Length: > 0 }
                ? ex.ToString().Split('\n')
                : [$"set {DebugVariable}=1 for the stack trace"];
            ErrorWriter.Write(app.Console.Error, format, $"{ex.GetType().Name}: {ex.Message}", details);
            return 1;
        }
    }
}
