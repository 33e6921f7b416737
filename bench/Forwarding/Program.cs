using BenchmarkDotNet.Running;
using GatewayMesh.Bench.Forwarding;

// The ingress's request path in process: dotnet run -c Release --project bench/Forwarding [-- BenchmarkDotNet args]
// bench/Forwarding/run.sh runs it against a baseline revision, side by side.
BenchmarkRunner.Run<ForwardingPathBenchmark>(args: args);
