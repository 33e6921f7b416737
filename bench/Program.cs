using GatewayMesh.Bench;
using GatewayMesh.Bench.Ca;
using GatewayMesh.Bench.Dapr;
using GatewayMesh.Bench.Resilience;

// Benchmarks, not tests: they print figures and never fail on a number. Run with -c Release.
//   dotnet run -c Release --project bench -- propagation [--watchers 1,50,200] [--writes 200]
//   dotnet run -c Release --project bench -- cold-load [--services 1000] [--instances 5000] [--virtual-services 1000] [--runs 5]
//   dotnet run -c Release --project bench -- all
//   dotnet run -c Release --project bench -- resilience-pipeline   (BenchmarkDotNet: idle pipeline ns/op and bytes/op)
//   dotnet run -c Release --project bench -- ca-sign [--seconds 5] [--runs 3]          (in-process CA sign path, one thread)
//   dotnet run -c Release --project bench -- ca-http --url U --ca-dir D [--clients 16]  (load against a running CA; bench/Ca/run.sh)
//   dotnet run -c Release --project bench -- dapr [--iterations 2000] [--runs 3]   (Dapr API vs straight Redis: state save/get, publish→deliver)
var command = args.FirstOrDefault() ?? "--help";
if (command == "dapr")
{
    var daprArgs = args.Skip(1).ToArray();
    int Option(string name, int fallback) => Array.IndexOf(daprArgs, name) is var i and >= 0 && i + 1 < daprArgs.Length ? int.Parse(daprArgs[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    await DaprBenchmark.RunAsync(Option("--iterations", 2000), Option("--runs", 3));
    return 0;
}

if (command is "ca-sign" or "ca-http")
{
    var caOptions = CaBenchOptions.Parse(args.Skip(1));
    return command == "ca-sign" ? CaSigningBenchmark.Run(caOptions) : await CaHttpLoad.RunAsync(caOptions);
}

var options = BenchOptions.Parse(args.Skip(1));
switch (command)
{
    case "propagation":
        await PropagationBenchmark.RunAsync(options);
        break;
    case "cold-load":
        await ColdLoadBenchmark.RunAsync(options);
        break;
    case "resilience-pipeline":
        ResilienceBenchmarks.RunIdlePipeline();
        break;
    case "all":
        await PropagationBenchmark.RunAsync(options);
        await ColdLoadBenchmark.RunAsync(options);
        break;
    default:
        Console.WriteLine("usage: gatewaymesh-bench propagation|cold-load|resilience-pipeline|all [--watchers 1,50,200] [--writes N] [--services N] [--instances N] [--virtual-services N] [--runs N]");
        return command is "--help" or "-h" ? 0 : 2;
}

return 0;
