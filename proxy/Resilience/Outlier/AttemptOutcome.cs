using System.Net;

namespace GatewayMesh.Proxy.Resilience.Outlier;

/// <summary>How an attempt to an upstream endpoint failed without a response, as outlier detection counts it.</summary>
public enum LocalOriginFailure
{
    /// <summary>The endpoint answered; <see cref="AttemptOutcome.StatusCode"/> says how.</summary>
    None = 0,

    /// <summary>The connection could not be opened (refused, unreachable, connect timeout). A local-origin failure.</summary>
    ConnectFailure = 1,

    /// <summary>The endpoint did not answer in time. A local-origin failure.</summary>
    Timeout = 2,

    /// <summary>The connection broke before a response. A local-origin failure.</summary>
    Reset = 3,
}

/// <summary>
/// The result of one attempt: an HTTP status the endpoint answered with, or a local-origin failure. Attempts the
/// client cancelled are not outcomes and must not be reported.
/// </summary>
public readonly record struct AttemptOutcome(int StatusCode, LocalOriginFailure Failure)
{
    public static AttemptOutcome ConnectFailure => new(0, LocalOriginFailure.ConnectFailure);

    public static AttemptOutcome Timeout => new(0, LocalOriginFailure.Timeout);

    public static AttemptOutcome Reset => new(0, LocalOriginFailure.Reset);

    public bool IsLocalOrigin => Failure != LocalOriginFailure.None;

    public static AttemptOutcome Response(int statusCode) => new(statusCode, LocalOriginFailure.None);

    public static AttemptOutcome Response(HttpStatusCode statusCode) => new((int)statusCode, LocalOriginFailure.None);

    /// <summary>A 5xx answer, or one of the policy's extra error codes.</summary>
    public bool IsServerError(OutlierPolicy policy) =>
        Failure == LocalOriginFailure.None && (StatusCode >= 500 || (!policy.ErrorCodes.IsEmpty && policy.ErrorCodes.Contains(StatusCode)));

    /// <summary>502, 503 or 504.</summary>
    public bool IsGatewayError => Failure == LocalOriginFailure.None && StatusCode is 502 or 503 or 504;

    public override string ToString() => Failure == LocalOriginFailure.None ? StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture) : Failure.ToString();
}
