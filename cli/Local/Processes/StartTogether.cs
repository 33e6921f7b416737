using System.Runtime.ExceptionServices;

namespace GatewayMesh.Cli.Local.Processes;

/// <summary>
/// Starts processes that do not depend on each other all at once (on two cores their startups overlap instead of
/// queueing), handing each to <c>onReady</c> as soon as it is ready. When any fails, the others are still awaited and
/// handed over, so the caller's cleanup stops every process that was started; then the first failure is thrown.
/// </summary>
internal static class StartTogether
{
    public static async Task RunAsync(
        ProcessSupervisor supervisor, IEnumerable<ProcessSpec> specs, Func<RunningProcess, Task> onReady, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        await foreach (var start in Task.WhenEach(specs.Select(spec => supervisor.StartAsync(spec, cancellationToken))))
        {
            if (!start.IsCompletedSuccessfully)
            {
                failure ??= start.Exception?.InnerException ?? new OperationCanceledException(cancellationToken);
                continue;
            }

            await onReady(start.Result);
        }

        if (failure is not null)
        {
            ExceptionDispatchInfo.Capture(failure).Throw();
        }
    }
}
