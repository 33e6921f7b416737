using Xunit.Abstractions;

namespace GatewayMesh.ChaosTests.Harness;

/// <summary>
/// The suite's one report: every case prints its figures to its own output and appends its row to
/// <c>$GATEWAYMESH_ARTIFACTS/chaos/report.md</c> (default <c>.artifacts/chaos/</c> under the working directory), which
/// <c>./test.sh</c> prints at the end and docs/reliability.md shows from a real run.
/// </summary>
public static class ChaosReport
{
    private static readonly Lock Gate = new();

    public static string File => Path.Combine(
        Environment.GetEnvironmentVariable("GATEWAYMESH_ARTIFACTS") is { Length: > 0 } artifacts ? artifacts : Path.Combine(Directory.GetCurrentDirectory(), ".artifacts"),
        "chaos",
        "report.md");

    private static int CaseNumber(string row) => int.TryParse(new string(row.Skip(3).TakeWhile(char.IsAsciiDigit).ToArray()), out var number) ? number : 0;

    public static void Record(ChaosFigure figure, ITestOutputHelper output)
    {
        output.WriteLine($"{figure.Case}: sent {figure.Sent}, failed {figure.Failed}, lost {figure.Lost}; convergence {figure.Convergence}; {figure.Notes}");
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(File)!);
            var rows = System.IO.File.Exists(File)
                ? System.IO.File.ReadAllLines(File).Where(line => line.StartsWith("| R", StringComparison.Ordinal) && !line.StartsWith($"| {figure.Case} |", StringComparison.Ordinal)).ToList()
                : [];
            rows.Add(figure.Row);
            rows.Sort((a, b) => CaseNumber(a).CompareTo(CaseNumber(b)));
            System.IO.File.WriteAllText(File, $"# Chaos suite report ({DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC)\n\n{ChaosFigure.Header}\n{string.Join('\n', rows)}\n");
        }
    }
}
