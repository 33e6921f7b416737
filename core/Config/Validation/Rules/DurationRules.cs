using GatewayMesh.Core.Config.Model;

namespace GatewayMesh.Core.Config.Validation.Rules;

/// <summary>Range checks for durations the binder already parsed.</summary>
internal static class DurationRules
{
    public static void AtLeastOneMillisecond(ValidationContext context, string path, MeshDuration? duration)
    {
        if (duration is { } d && d.Value < TimeSpan.FromMilliseconds(1))
        {
            context.Add(path, $"duration must be at least 1ms, got \"{d}\"");
        }
    }

    public static void WholeSeconds(ValidationContext context, string path, MeshDuration? duration)
    {
        if (duration is { } d && d.Value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            context.Add(path, $"duration must be a whole number of seconds, got \"{d}\"");
        }
    }
}
