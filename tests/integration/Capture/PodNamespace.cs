using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;

namespace GatewayMesh.IntegrationTests.Capture;

/// <summary>
/// A pod's network, made for one test and always removed: its own network namespace (<c>ip netns add gm-pod-&lt;random&gt;</c>)
/// joined to the test's namespace by a veth pair on a random 10.x.y.z/30, so traffic from the test to <see cref="PodAddress"/>
/// really arrives from outside and traverses PREROUTING, as a peer pod's would. Rules are installed with
/// <c>iptables-restore</c> inside it; processes run inside it with <see cref="Start"/>. The binaries run from a copy of
/// the test output in a temporary folder that UID 1337 and the app's UID can read, wherever the clone lives.
/// Dispose kills every process started here, deletes the namespace (which removes both veth ends) and the folder.
/// </summary>
internal sealed class PodNamespace : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private readonly List<NamespacedProcess> _processes = [];
    private bool _created;

    private PodNamespace(string id, byte second, byte third)
    {
        Name = "gm-pod-" + id;
        HostLink = "gmh" + id;
        PodLink = "gmp" + id;
        HostAddress = new IPAddress([10, second, third, 1]);
        PodAddress = new IPAddress([10, second, third, 2]);
        Folder = Directory.CreateTempSubdirectory("gatewaymesh-pod-").FullName;
    }

    public string Name { get; }

    /// <summary>The test's end of the veth pair (in the test's namespace).</summary>
    public IPAddress HostAddress { get; }

    /// <summary>The pod's IP (its end of the veth pair).</summary>
    public IPAddress PodAddress { get; }

    /// <summary>A temporary folder (mode 755) holding <see cref="Binaries"/> and per-process homes.</summary>
    public string Folder { get; }

    /// <summary>The copy of the test output the pod's processes run from.</summary>
    public string Binaries => Path.Combine(Folder, "bin");

    private string HostLink { get; }

    private string PodLink { get; }

    public static async Task<PodNamespace> CreateAsync()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))[..8]; // link names stay within 15 characters
        var pod = new PodNamespace(id, (byte)RandomNumberGenerator.GetInt32(200, 250), (byte)(RandomNumberGenerator.GetInt32(0, 64) * 4));
        try
        {
            await pod.SetUpAsync();
            return pod;
        }
        catch
        {
            await pod.DisposeAsync();
            throw;
        }
    }

    /// <summary>Installs <paramref name="rules"/> (an <c>iptables-restore</c> input) in the pod's namespace.</summary>
    public Task InstallRulesAsync(string rules) => RunAsync("ip", ["netns", "exec", Name, FindTool("iptables-restore")!], rules);

    /// <summary>
    /// Starts a process inside the pod's namespace, as <paramref name="uid"/> (and the same GID, no supplementary groups)
    /// unless it is null (root), with <c>HOME</c> and <c>DOTNET_CLI_HOME</c> in a folder of its own it can write.
    /// </summary>
    public NamespacedProcess Start(string name, int? uid, string fileName, IEnumerable<string> arguments)
    {
        var home = Path.Combine(Folder, "home-" + name);
        Directory.CreateDirectory(home);
        if (uid is { } owner)
        {
            Chown(home, owner);
        }

        List<string> command = ["netns", "exec", Name];
        if (uid is { } id)
        {
            command.AddRange([FindTool("setpriv")!, "--reuid", $"{id}", "--regid", $"{id}", "--clear-groups"]);
        }

        command.Add(fileName);
        command.AddRange(arguments);
        var process = NamespacedProcess.Start(name, FindTool("ip")!, command, new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["DOTNET_CLI_HOME"] = home,
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        });
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    public static string? FindTool(string name) =>
        new[] { "/usr/sbin", "/usr/bin", "/sbin", "/bin" }.Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    public async ValueTask DisposeAsync()
    {
        NamespacedProcess[] processes;
        lock (_processes)
        {
            processes = [.. _processes];
        }

        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }

        if (_created)
        {
            await RunAsync("ip", ["netns", "delete", Name], check: false); // takes the veth pair with it
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // a process kept a file open; the folder is under the temporary directory
        }
    }

    private async Task SetUpAsync()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("a pod network needs Linux");
        }

        File.SetUnixFileMode(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        CopyDirectory(AppContext.BaseDirectory, Binaries);
        await RunAsync("ip", ["netns", "add", Name]);
        _created = true;
        await RunAsync("ip", ["link", "add", HostLink, "type", "veth", "peer", "name", PodLink]);
        await RunAsync("ip", ["link", "set", PodLink, "netns", Name]);
        await RunAsync("ip", ["addr", "add", $"{HostAddress}/30", "dev", HostLink]);
        await RunAsync("ip", ["link", "set", HostLink, "up"]);
        await RunAsync("ip", ["netns", "exec", Name, "ip", "link", "set", "lo", "up"]);
        await RunAsync("ip", ["netns", "exec", Name, "ip", "addr", "add", $"{PodAddress}/30", "dev", PodLink]);
        await RunAsync("ip", ["netns", "exec", Name, "ip", "link", "set", PodLink, "up"]);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    private static void Chown(string path, int uid)
    {
        using var chown = Process.Start(new ProcessStartInfo("chown", [$"{uid}:{uid}", path]) { UseShellExecute = false })!;
        chown.WaitForExit();
        if (chown.ExitCode != 0)
        {
            throw new InvalidOperationException($"chown {uid} {path} failed ({chown.ExitCode})");
        }
    }

    private static async Task RunAsync(string tool, IReadOnlyList<string> arguments, string? input = null, bool check = true)
    {
        var start = new ProcessStartInfo(FindTool(tool) ?? tool, arguments)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(CommandTimeout);
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
