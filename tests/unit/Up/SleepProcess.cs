using System.Diagnostics;

namespace GatewayMesh.UnitTests.Up;

/// <summary>A harmless child process (<c>sleep 60</c>) to stand in for a recorded mesh process; killed on dispose.</summary>
internal sealed class SleepProcess : IDisposable
{
    public SleepProcess()
    {
        var start = new ProcessStartInfo("sleep") { UseShellExecute = false };
        start.ArgumentList.Add("60");
        Process = Process.Start(start)!;
    }

    public Process Process { get; }

    public int Pid => Process.Id;

    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill();
                Process.WaitForExit(5000);
            }
        }
        finally
        {
            Process.Dispose();
        }
    }
}
