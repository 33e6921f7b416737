using GatewayMesh.Core.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.IntegrationTests.Identity;

/// <summary>
/// Loses the CA's first <c>count</c> successful certificate answers after the CA has issued them: the body goes nowhere
/// and the connection is aborted, as when a caller's timeout fires under load just before the answer arrives.
/// </summary>
internal sealed class LostCaAnswers(int count) : IStartupFilter
{
    private int _left = count;

    /// <summary>Completes when every answer to lose is lost.</summary>
    public TaskCompletionSource AllLost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextStep) =>
        {
            if (context.Request.Path != CaApi.CertificatesPath || Volatile.Read(ref _left) <= 0)
            {
                await nextStep(context);
                return;
            }

            context.Response.Body = Stream.Null;
            await nextStep(context);
            if (context.Response.StatusCode == StatusCodes.Status200OK && Interlocked.Decrement(ref _left) >= 0)
            {
                context.Abort();
                if (Volatile.Read(ref _left) <= 0)
                {
                    AllLost.TrySetResult();
                }
            }
        });
        next(app);
    };
}
