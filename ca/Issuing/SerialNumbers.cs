using System.Security.Cryptography;

namespace GatewayMesh.Ca.Issuing;

/// <summary>Random positive 128-bit serial numbers (the top bit clear so DER reads them as positive, the next set so none has a leading zero byte).</summary>
public static class SerialNumbers
{
    public static byte[] Next()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x40);
        return serial;
    }
}
