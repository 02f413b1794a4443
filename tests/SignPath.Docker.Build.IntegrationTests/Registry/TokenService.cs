using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SignPath.Docker.Build.IntegrationTests.Rig;

namespace SignPath.Docker.Build.IntegrationTests.Registry;

/// <summary>
/// A small Docker token service for docker-registry's <c>auth: token</c>, as Docker Hub, GHCR and ACR run one:
/// GET /token?service=…&amp;scope=… (https://distribution.github.io/distribution/spec/auth/token/) and the OAuth2 POST
/// form (https://distribution.github.io/distribution/spec/auth/oauth/) answer
/// <c>{"token","access_token","expires_in","issued_at"}</c> with an RS256 JWT whose header carries the signing
/// certificate in <c>x5c</c> (https://distribution.github.io/distribution/spec/auth/jwt/). The registry trusts the
/// certificate through its <c>rootcertbundle</c>. Started without credentials it grants every requested action
/// to anyone (the fault tests are about the service's availability, not its policy); with them it answers as Docker Hub
/// does: pull to anyone, push and every other action only to a client that sends those credentials (Basic on GET,
/// <c>grant_type=password</c> on POST), and 401 to wrong ones.
/// </summary>
public sealed class TokenService : IAsyncDisposable
{
    public const string Issuer = "spd-test-token-service";
    public const string Service = "spd-test-registry";

    private readonly RSA _key;
    private readonly X509Certificate2 _certificate;
    private readonly (string User, string Password)? _credentials;
    private LoopbackHttpServer _server = null!;
    private int _issued;

    private TokenService(RSA key, X509Certificate2 certificate, (string User, string Password)? credentials)
    {
        _key = key;
        _certificate = certificate;
        _credentials = credentials;
    }

    public Uri Url => _server.Url;

    /// <summary>How many tokens were issued since start.</summary>
    public int Issued => Volatile.Read(ref _issued);

    /// <summary>Starts on a free loopback port and writes the signing certificate to <paramref name="rootCertificateBundle"/>.</summary>
    /// <param name="credentials">The only user who may push; null: anyone may do anything.</param>
    public static async Task<TokenService> StartAsync(string rootCertificateBundle, (string User, string Password)? credentials = null)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=SignPath.Docker.Build test token service", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(rootCertificateBundle, certificate.ExportCertificatePem() + "\n");

        var service = new TokenService(key, certificate, credentials);
        service._server = await LoopbackHttpServer.StartAsync(service.HandleAsync);
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Path != "/token")
        {
            context.Response.StatusCode = 404;
            return;
        }

        IEnumerable<string?> scopes;
        string? service;
        var client = BasicCredentials(context.Request.Headers.Authorization.ToString());
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            scopes = form["scope"];
            service = form["service"];
            if (form["grant_type"] == "password")
            {
                client ??= (form["username"].ToString(), form["password"].ToString());
            }
        }
        else
        {
            scopes = context.Request.Query["scope"];
            service = context.Request.Query["service"];
        }

        if (service != Service)
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { errors = new[] { new { code = "UNSUPPORTED", message = $"unknown service '{service}'" } } }, context.RequestAborted);
            return;
        }

        if (_credentials is not null && client is not null && client != _credentials)
        {
            context.Response.StatusCode = 401;
            await context.Response.WriteAsJsonAsync(new { errors = new[] { new { code = "UNAUTHORIZED", message = "wrong user name or password" } } }, context.RequestAborted);
            return;
        }

        var token = Issue(scopes.SelectMany(s => (s ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)), pullOnly: _credentials is not null && client is null);
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(
            JsonSerializer.Serialize(new Dictionary<string, object> { ["token"] = token, ["access_token"] = token, ["expires_in"] = 300, ["issued_at"] = IssuedAt() }),
            context.RequestAborted);
    }

    private string Issue(IEnumerable<string> scopes, bool pullOnly)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object> { ["alg"] = "RS256", ["typ"] = "JWT", ["x5c"] = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = "signpath-docker-build-tests",
            ["aud"] = Service, // distribution 2.8 reads one audience string
            ["exp"] = now + 300,
            ["nbf"] = now - 10,
            ["iat"] = now,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["access"] = scopes.Select(s => Access(s, pullOnly)).Where(a => a is not null).ToArray(),
        };
        var signingInput = Encode(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Encode(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        Interlocked.Increment(ref _issued);
        return signingInput + "." + Encode(signature);
    }

    /// <summary>"repository:sample/app:pull,push" → the JWT access entry (names may contain ':' only before a port, so split at the ends).</summary>
    private static object? Access(string scope, bool pullOnly)
    {
        var first = scope.IndexOf(':', StringComparison.Ordinal);
        var last = scope.LastIndexOf(':');
        if (first < 0 || last <= first)
        {
            return null;
        }

        var actions = scope[(last + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries).Where(a => !pullOnly || a == "pull").ToArray();
        return new { type = scope[..first], name = scope[(first + 1)..last], actions };
    }

    /// <summary>"Basic base64(user:password)" → (user, password); null for anything else.</summary>
    private static (string User, string Password)? BasicCredentials(string authorization)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : (text[..colon], text[(colon + 1)..]);
    }

    private static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>
    /// RFC 3339 in UTC with "Z": Go clients (skopeo, containers/image) parse the raw JSON string, so an offset's '+'
    /// escaped by System.Text.Json as \u002B fails them.
    /// </summary>
    private static string IssuedAt() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
