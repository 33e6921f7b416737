using GatewayMesh.Bench.Telemetry;

// The telemetry steps' cost on the real ingress in process, side by side in one run (see bench/README.md):
//   dotnet run -c Release --project bench/Telemetry [-- --rounds 5 --requests 20000 --cases metrics-off,metrics]
//   dotnet run -c Release --project bench/Telemetry -- --instructions [--requests 500 --repeats 2]   (callgrind: a whole forwarded request)
//   dotnet run -c Release --project bench/Telemetry -- --instructions-steps [--requests 20000 --repeats 2] [--pipeline-revisions]   (callgrind: the telemetry work alone)
var rounds = 5;
int? requests = null;
var repeats = 2;
var instructions = false;
var steps = false;
var pipelineRevisions = false;
string? child = null;
string? stepsChild = null;
string[]? only = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--instructions": instructions = true; continue;
        case "--instructions-steps": steps = true; continue;
        case StepInstructionCount.PipelineRevisionsSwitch: pipelineRevisions = true; continue;
        case InstructionCount.ChildSwitch when i + 1 < args.Length: child = args[++i]; continue;
        case StepInstructionCount.ChildSwitch when i + 1 < args.Length: stepsChild = args[++i]; continue;
        case "--rounds" when i + 1 < args.Length: rounds = int.Parse(args[++i]); continue;
        case "--requests" when i + 1 < args.Length: requests = int.Parse(args[++i]); continue;
        case "--repeats" when i + 1 < args.Length: repeats = int.Parse(args[++i]); continue;
        case "--cases" when i + 1 < args.Length: only = args[++i].Split(','); continue;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

if (child is not null)
{
    return await InstructionCount.RunChildAsync(child, requests ?? 500);
}

if (stepsChild is not null)
{
    return await StepInstructionCount.RunChildAsync(stepsChild, requests ?? 20_000, pipelineRevisions);
}

if (instructions)
{
    return await InstructionCount.RunAsync(requests ?? 500, repeats);
}

if (steps)
{
    return await StepInstructionCount.RunAsync(requests ?? 20_000, repeats, pipelineRevisions);
}

await TelemetryCostBenchmark.RunAsync(rounds, requests ?? 20_000, only);
return 0;
