namespace GatewayMesh.Proxy.Pipeline;

/// <summary>A step registered for some listeners at a stage (from <c>AddProxyStep</c>); steps of one stage keep registration order.</summary>
public sealed record ProxyStepRegistration(Type StepType, PipelineStage Stage, ProxyListeners Listeners);

/// <summary>A recorder registered for some listeners (from <c>AddRequestRecorder</c>).</summary>
public sealed record RequestRecorderRegistration(Type RecorderType, ProxyListeners Listeners);
