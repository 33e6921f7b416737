namespace GatewayMesh.ChaosTests.Harness;

/// <summary>
/// One chaos case's figures, as the report table shows them. <see cref="Failed"/> counts answers that were not the
/// expected one (a 5xx, a page missing its reviews, a gRPC error status); <see cref="Lost"/> counts requests that got
/// no answer at all (refused, reset, timed out). Times are measured and reported, never asserted.
/// </summary>
public sealed record ChaosFigure(string Case, string Load, string Faults, long Sent, long Failed, long Lost, string Convergence)
{
    public string Notes { get; init; } = "";

    public string Row => $"| {Case} | {Load} | {Faults} | {Sent} | {Failed} | {Lost} | {Convergence} | {Notes} |";

    public static string Header =>
        "| case | load | faults | sent | failed | lost | convergence | notes |\n| --- | --- | --- | ---: | ---: | ---: | --- | --- |";
}
