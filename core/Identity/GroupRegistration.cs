namespace GatewayMesh.Core.Identity;

/// <summary>
/// The body a proxy sends to join a WorkloadGroup (<c>POST /api/v1/workloadgroups/{ns}/{name}/register</c>,
/// docs/registry-api.md): where its workload is reached (the address the entry is named after, and the proxy's inbound
/// port), its network, the lease it asks for, and the proof that it holds its workload certificate, signed over
/// <see cref="WorkloadProof.GroupRegistrationStatement"/>. <paramref name="Healthy"/> is the verdict of the group's
/// readiness probe that the proxy runs (null: not probed, or the group has no probe); it is part of the signed statement.
/// </summary>
public sealed record GroupRegistration(string Address, int Port, string? Network, int LeaseSeconds, WorkloadProof? Proof, bool? Healthy = null);
