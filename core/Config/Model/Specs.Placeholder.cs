namespace GatewayMesh.Core.Config.Model;

// Placeholder specs; the full Istio model replaces this file.
public sealed record GatewaySpec;
public sealed record VirtualServiceSpec;
public sealed record DestinationRuleSpec;
public sealed record ServiceEntrySpec;
public sealed record PeerAuthenticationSpec;
public sealed record AuthorizationPolicySpec;
