using System.Globalization;
using System.Text;

namespace SignPath.Docker.Build.Cosign;

/// <summary>
/// DSSE's pre-authentication encoding, the bytes a DSSE signature covers
/// (https://github.com/secure-systems-lab/dsse/blob/v1.0.2/protocol.md):
/// <c>"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body</c>, lengths as ASCII decimal byte counts.
/// </summary>
public static class DssePreAuthEncoding
{
    public static byte[] Encode(string payloadType, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(payloadType);
        var type = Encoding.UTF8.GetBytes(payloadType);
        var prefix = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        var middle = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" {payload.Length} "));
        return [.. prefix, .. type, .. middle, .. payload];
    }
}
