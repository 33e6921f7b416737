using GatewayMesh.Bench.Telemetry;

// The telemetry steps' cost on the real ingress in process, side by side in one run (see bench/README.md):
//   dotnet run -c Release --project bench/Telemetry [-- --rounds 5 --requests 20000 --cases metrics-off,metrics]
var rounds = 5;
var requests = 20_000;
string[]? only = null;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--rounds": rounds = int.Parse(args[i + 1]); break;
        case "--requests": requests = int.Parse(args[i + 1]); break;
        case "--cases": only = args[i + 1].Split(','); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

await TelemetryCostBenchmark.RunAsync(rounds, requests, only);
return 0;
