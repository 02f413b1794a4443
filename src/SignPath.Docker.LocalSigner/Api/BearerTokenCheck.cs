using System.Security.Cryptography;
using System.Text;

namespace SignPath.Docker.LocalSigner.Api;

/// <summary>Compares the Authorization header with the configured token in constant time.</summary>
public sealed class BearerTokenCheck
{
    private readonly byte[] _expectedHash;

    public BearerTokenCheck(LocalSignerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _expectedHash = SHA256.HashData(Encoding.UTF8.GetBytes(settings.ApiToken));
    }

    public bool IsAuthorized(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        if (!header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing first makes the comparison independent of the presented token's length too.
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(header[prefix.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presentedHash, _expectedHash);
    }
}
