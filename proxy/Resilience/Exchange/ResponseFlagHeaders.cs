using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>Writes the <see cref="ResilienceHeaders"/> that apply to a request: retries, hedges, injected faults; none when nothing happened.</summary>
public static class ResponseFlagHeaders
{
    /// <summary>On an upstream response (before YARP copies it).</summary>
    public static void Add(HttpResponseMessage response, int retries, int hedges, InjectedFaults faults)
    {
        if (retries > 0)
        {
            response.Headers.TryAddWithoutValidation(ResilienceHeaders.Retries, retries.ToString(CultureInfo.InvariantCulture));
        }

        if (hedges > 0)
        {
            response.Headers.TryAddWithoutValidation(ResilienceHeaders.Hedges, hedges.ToString(CultureInfo.InvariantCulture));
        }

        if (faults != InjectedFaults.None)
        {
            response.Headers.TryAddWithoutValidation(ResilienceHeaders.Fault, FaultFlag(faults));
        }
    }

    /// <summary>On the proxy's own answer (a failed forward).</summary>
    public static void Add(IHeaderDictionary headers, int retries, int hedges, InjectedFaults faults)
    {
        if (retries > 0)
        {
            headers[ResilienceHeaders.Retries] = retries.ToString(CultureInfo.InvariantCulture);
        }

        if (hedges > 0)
        {
            headers[ResilienceHeaders.Hedges] = hedges.ToString(CultureInfo.InvariantCulture);
        }

        if (faults != InjectedFaults.None)
        {
            headers[ResilienceHeaders.Fault] = FaultFlag(faults);
        }
    }

    private static string FaultFlag(InjectedFaults faults) => faults switch
    {
        InjectedFaults.Delay => "delay",
        InjectedFaults.Abort => "abort",
        _ => "delay,abort",
    };
}
