namespace GatewayMesh.Core.Identity.Jwks;

/// <summary>
/// One public key of a JSON Web Key Set (RFC 7517), as it verifies JWT signatures: an RSA key (<c>n</c>, <c>e</c>) or
/// an elliptic-curve key (<c>crv</c>, <c>x</c>, <c>y</c>), values base64url-decoded. Immutable; compares by content.
/// </summary>
public sealed record JsonWebKey(string KeyType, string? KeyId, string? Algorithm, string? Curve, byte[] First, byte[] Second)
{
    public const string Rsa = "RSA";
    public const string EllipticCurve = "EC";

    /// <summary>RSA modulus, or the EC point's x.</summary>
    public byte[] First { get; } = First;

    /// <summary>RSA exponent, or the EC point's y.</summary>
    public byte[] Second { get; } = Second;

    public bool Equals(JsonWebKey? other) =>
        other is not null && KeyType == other.KeyType && KeyId == other.KeyId && Algorithm == other.Algorithm &&
        Curve == other.Curve && First.AsSpan().SequenceEqual(other.First) && Second.AsSpan().SequenceEqual(other.Second);

    public override int GetHashCode() => HashCode.Combine(KeyType, KeyId, Algorithm, Curve, First.Length, Second.Length);
}
