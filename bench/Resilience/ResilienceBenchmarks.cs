using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace GatewayMesh.Bench.Resilience;

/// <summary>Runs <see cref="IdlePipelineBenchmark"/> in process (no generated project to build), a short job.</summary>
public static class ResilienceBenchmarks
{
    public static void RunIdlePipeline()
    {
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        BenchmarkRunner.Run<IdlePipelineBenchmark>(config);
    }
}
