using GatewayMesh.Proxy.LoadBalancing;
using GatewayMesh.Proxy.Security.Transport;
using Polly;
using Endpoint = GatewayMesh.Proxy.Clusters.Endpoint;

namespace GatewayMesh.Proxy.Resilience;

/// <summary>
/// One forwarded request's attempts. YARP's forwarder hands it the outgoing request as if it were the upstream client,
/// and it gives back one response, so YARP copies exactly one answer to the client. The first attempt goes straight to
/// the upstream invoker when the route's policy allows (retries only: no timeout, fault or hedging); the route's Polly
/// pipeline is entered only when that outcome needs a retry, and then continues from it, so attempt numbering,
/// backoff and the retry budget are those of the pipeline. Other policies run every attempt inside the pipeline.
/// A retry or hedge goes to an endpoint the request has not tried when the balancer offers one (<see cref="EndpointRepicker"/>).
/// Reused: <see cref="Begin"/> starts a request, <see cref="End"/> releases what it took.
/// </summary>
internal sealed class UpstreamExchange : HttpMessageInvoker
{
    private readonly IUpstreamObserver _observer;
    private readonly RetryAdmission _retryAdmission;
    private readonly EndpointRepicker _repicker;
    private readonly Lock _pickLock = new();
    private HttpMessageInvoker? _inner;
    private RouteResilience? _route;
    private ClusterEntry? _entry;
    private int _requestIndex;
    private int _attempts;
    private int _retries;
    private int _hedges;
    private int _faults;
    private Endpoint? _lastEndpoint;
    private RequestSnapshot? _snapshot;
    private Outcome<HttpResponseMessage>? _replay;

    public UpstreamExchange(IUpstreamObserver observer, ResilienceOptions options)
        : base(UnusedHandler.Instance, disposeHandler: false)
    {
        _observer = observer;
        _retryAdmission = new RetryAdmission(observer);
        _repicker = new EndpointRepicker(Math.Max(1, options.HostSelectionAttempts));
    }

    /// <summary>The outgoing request YARP built (the first attempt's, retargeted for retries).</summary>
    public HttpRequestMessage? Request { get; private set; }

    public RequestTraits Traits { get; private set; }

    /// <summary>True when extra requests may be sent: an idempotent method without a body.</summary>
    public bool CanHedge => _snapshot is not null;

    public int Attempts => Volatile.Read(ref _attempts);

    public int Retries => Volatile.Read(ref _retries);

    public int Hedges => Volatile.Read(ref _hedges);

    public InjectedFaults Faults => (InjectedFaults)Volatile.Read(ref _faults);

    /// <summary>The endpoint the last attempt went to.</summary>
    public Endpoint? LastEndpoint => Volatile.Read(ref _lastEndpoint);

    /// <summary>The index of <see cref="LastEndpoint"/> among the cluster's endpoints (retargeted retries move it).</summary>
    public int LastEndpointIndex => Volatile.Read(ref _requestIndex);

    internal RouteResilience Route => _route!;

    /// <summary>Starts a request through <paramref name="route"/>, first to endpoint <paramref name="endpointIndex"/> of <paramref name="entry"/>'s cluster.</summary>
    public void Begin(HttpMessageInvoker inner, RouteResilience route, ClusterEntry entry, int endpointIndex, LoadBalancingContext balancing)
    {
        _inner = inner;
        _route = route;
        _entry = entry;
        _requestIndex = endpointIndex;
        _lastEndpoint = entry.Cluster.Endpoints[endpointIndex];
        _attempts = _retries = _hedges = _faults = 0;
        _retryAdmission.Begin(entry.Cluster);
        _repicker.Begin(entry, endpointIndex, balancing);
    }

    /// <summary>The request ended: releases an unused retry admission and the balancer leases retries took.</summary>
    public void End()
    {
        _retryAdmission.End();
        lock (_pickLock)
        {
            _repicker.End();
        }

        _inner = null;
        _route = null;
        _entry = null;
        _lastEndpoint = null;
        _snapshot = null;
        _replay = null;
        Request = null;
    }

    public override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Request = request;
        Traits = RequestTraits.Of(request);
        var policy = _route!.Policy;
        if (policy.FirstAttemptOutsidePipeline)
        {
            var first = await FirstAttemptAsync(request, cancellationToken).ConfigureAwait(false);
            if (policy.Retry.Retries < 1 || !RetryDecision.ShouldRetry(policy.Retry, first, Traits))
            {
                first.ThrowIfException();
                return first.Result!; // one attempt, nothing retried: no flags to add
            }

            _replay = first; // the pipeline decides from here, starting with this outcome
        }
        else if (policy.Hedging is not null && Traits is { HasBody: false, IsIdempotent: true })
        {
            _snapshot = RequestSnapshot.Of(request);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ResilienceKeys.Exchange, this);
        try
        {
            var outcome = await _route.Pipeline.ExecuteOutcomeAsync(
                static (ctx, self) => self.AttemptAsync(ctx), context, this).ConfigureAwait(false);
            outcome.ThrowIfException();
            var response = outcome.Result!;
            ResponseFlagHeaders.Add(response, Retries, Hedges, Faults);
            return response;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    internal bool TryBeginRetry() => _retryAdmission.TryAdmit();

    internal void CountRetry() => Interlocked.Increment(ref _retries);

    internal void CountHedge() => Interlocked.Increment(ref _hedges);

    internal void CountFault(InjectedFaults fault) => Interlocked.Or(ref _faults, (int)fault);

    /// <summary>The first attempt, outside the pipeline: sent as YARP built it, to the endpoint the request was addressed to.</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> FirstAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        var endpoint = _lastEndpoint!;
        try
        {
            var response = await _inner!.SendAsync(request, cancellationToken).ConfigureAwait(false);
            AttemptReporter.Response(_observer, _entry!.Cluster, endpoint, (int)response.StatusCode);
            return Outcome.FromResult(response);
        }
        catch (Exception ex)
        {
            AttemptReporter.Failure(_observer, _entry!.Cluster, endpoint, ex);
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
    }

    /// <summary>One attempt inside the pipeline (the first one replays the outcome of <see cref="FirstAttemptAsync"/> when it ran).</summary>
    private async ValueTask<Outcome<HttpResponseMessage>> AttemptAsync(ResilienceContext context)
    {
        if (_replay is { } replay)
        {
            _replay = null;
            return replay;
        }

        var number = Interlocked.Increment(ref _attempts);
        var hedged = context.Properties.TryGetValue(ResilienceKeys.HedgedAttempt, out _);
        var endsRetry = !hedged && number > 1 && _retryAdmission.TakeOpen();
        var entry = _entry!;
        var endpoint = _lastEndpoint!;
        try
        {
            var request = Request!;
            if (number > 1 || hedged)
            {
                lock (_pickLock)
                {
                    var index = _repicker.Pick(_route!.Policy.Retry.PreferOtherEndpoints || _route.Policy.Hedging is not null, _requestIndex);
                    endpoint = entry.Cluster.Endpoints[index];
                    var scheme = UpstreamTransports.Scheme(entry.TransportTo(endpoint));
                    if (hedged)
                    {
                        request = _snapshot!.Create(endpoint, scheme);
                    }
                    else if (index != _requestIndex)
                    {
                        request.RequestUri = EndpointAddress.Retarget(request.RequestUri!, endpoint, scheme);
                        Volatile.Write(ref _requestIndex, index);
                    }
                }
            }

            Volatile.Write(ref _lastEndpoint, endpoint);
            var response = await _inner!.SendAsync(request, context.CancellationToken).ConfigureAwait(false);
            AttemptReporter.Response(_observer, entry.Cluster, endpoint, (int)response.StatusCode);
            return Outcome.FromResult(response);
        }
        catch (Exception ex)
        {
            AttemptReporter.Failure(_observer, entry.Cluster, endpoint, ex);
            return Outcome.FromException<HttpResponseMessage>(ex);
        }
        finally
        {
            if (endsRetry)
            {
                _retryAdmission.Release();
            }
        }
    }

    /// <summary>The base class needs a handler; every send is overridden, so this one is never called.</summary>
    private sealed class UnusedHandler : HttpMessageHandler
    {
        public static UnusedHandler Instance { get; } = new();

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            throw new NotSupportedException("An upstream exchange sends through its pipeline.");
    }
}
