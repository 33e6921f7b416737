namespace GatewayMesh.Sidecar.Supervision;

/// <summary>Environment variables a sidecar feature gives the app it starts (the Dapr API adds its ports and tokens).</summary>
public interface IAppEnvironment
{
    IEnumerable<KeyValuePair<string, string>> Variables();
}
