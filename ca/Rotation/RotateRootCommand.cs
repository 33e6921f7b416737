namespace GatewayMesh.Ca.Rotation;

/// <summary><c>gatewaymesh-ca rotate-root prepare|activate|retire --dir DIR [...]</c>: see docs/ca-root-rotation.md.</summary>
public static class RotateRootCommand
{
    public const string Verb = "rotate-root";

    public static int Run(string[] args, TextWriter output, TextWriter error, TimeProvider time)
    {
        error.WriteLine("not implemented");
        return 2;
    }
}
