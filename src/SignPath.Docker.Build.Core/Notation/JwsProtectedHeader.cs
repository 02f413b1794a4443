using System.Globalization;
using System.Text.Json;

using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Notation;

/// <summary>
/// The protected header of a Notary Project JWS envelope (signature-envelope-jws.md, "Protected Headers") with the
/// checks notation-core-go applies (signature/jws/jws.go validateProtectedHeaders / validateCriticalHeaders).
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-envelope-jws.md.
/// </summary>
public sealed class JwsProtectedHeader
{
    public const string SigningSchemeKey = "io.cncf.notary.signingScheme";
    public const string SigningTimeKey = "io.cncf.notary.signingTime";
    public const string ExpiryKey = "io.cncf.notary.expiry";
    public const string AuthenticSigningTimeKey = "io.cncf.notary.authenticSigningTime";
    public const string SchemeX509 = "notary.x509";
    public const string SchemeSigningAuthority = "notary.x509.signingAuthority";

    private static readonly string[] StandardKeys = ["alg", "cty", "crit", ExpiryKey, SigningTimeKey, SigningSchemeKey, AuthenticSigningTimeKey];

    private JwsProtectedHeader(
        string algorithm,
        string contentType,
        IReadOnlyList<string> critical,
        string signingScheme,
        DateTimeOffset signingTime,
        DateTimeOffset? expiry,
        IReadOnlyDictionary<string, JsonElement> extendedAttributes)
    {
        Algorithm = algorithm;
        ContentType = contentType;
        Critical = critical;
        SigningScheme = signingScheme;
        SigningTime = signingTime;
        Expiry = expiry;
        ExtendedAttributes = extendedAttributes;
    }

    public string Algorithm { get; }

    public string ContentType { get; }

    public IReadOnlyList<string> Critical { get; }

    public string SigningScheme { get; }

    /// <summary>signingTime for notary.x509, authenticSigningTime for notary.x509.signingAuthority.</summary>
    public DateTimeOffset SigningTime { get; }

    public DateTimeOffset? Expiry { get; }

    /// <summary>Headers beyond the standard ones (signed extended attributes), as JSON values.</summary>
    public IReadOnlyDictionary<string, JsonElement> ExtendedAttributes { get; }

    /// <summary>Extended attributes marked critical: a verifier that does not know them must refuse the signature.</summary>
    public IEnumerable<string> CriticalExtendedAttributes => Critical.Where(ExtendedAttributes.ContainsKey);

    public static JwsProtectedHeader Parse(byte[] json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 16 });
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new NotationFormatException($"the protected header is not valid JSON ({e.Message})", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new NotationFormatException("the protected header is not a JSON object");
        }

        var algorithm = String(root, "alg") ?? throw new NotationFormatException("the protected header has no alg");
        _ = JwsAlgorithm.Hash(algorithm);
        var contentType = String(root, "cty") ?? throw new NotationFormatException("the protected header has no cty");
        var scheme = String(root, SigningSchemeKey) ?? throw new NotationFormatException($"the protected header has no {SigningSchemeKey}");
        var signingTime = Time(root, SigningTimeKey);
        var authenticSigningTime = Time(root, AuthenticSigningTimeKey);
        var expiry = Time(root, ExpiryKey);
        var critical = new List<string>();
        if (root.TryGetProperty("crit", out var crit))
        {
            if (crit.ValueKind != JsonValueKind.Array || crit.EnumerateArray().Any(c => c.ValueKind != JsonValueKind.String))
            {
                throw new NotationFormatException("crit is not an array of strings");
            }

            critical.AddRange(crit.EnumerateArray().Select(c => c.GetString()!));
        }

        var extended = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in root.EnumerateObject().Where(p => !StandardKeys.Contains(p.Name)))
        {
            extended[property.Name] = property.Value;
        }

        DateTimeOffset time;
        var mustBeCritical = new List<string> { SigningSchemeKey };
        switch (scheme)
        {
            case SchemeX509:
                if (authenticSigningTime is not null)
                {
                    throw new NotationFormatException($"{AuthenticSigningTimeKey} must not be present for {SchemeX509}");
                }

                time = signingTime ?? throw new NotationFormatException($"{SigningTimeKey} is missing");
                break;
            case SchemeSigningAuthority:
                if (signingTime is not null)
                {
                    throw new NotationFormatException($"{SigningTimeKey} must not be present for {SchemeSigningAuthority}");
                }

                time = authenticSigningTime ?? throw new NotationFormatException($"{AuthenticSigningTimeKey} is missing");
                mustBeCritical.Add(AuthenticSigningTimeKey);
                break;
            default:
                throw new NotationFormatException($"signing scheme '{scheme}' is not supported");
        }

        if (expiry is not null)
        {
            mustBeCritical.Add(ExpiryKey);
            if (expiry <= time)
            {
                throw new NotationFormatException("expiry is not after the signing time");
            }
        }

        if (critical.Count == 0)
        {
            throw new NotationFormatException("the crit header is missing");
        }

        foreach (var name in critical.Where(c => !mustBeCritical.Contains(c)))
        {
            if (!extended.ContainsKey(name))
            {
                throw new NotationFormatException($"'{name}' is marked critical but not present");
            }
        }

        var notCritical = mustBeCritical.Where(m => !critical.Contains(m)).ToList();
        if (notCritical.Count > 0)
        {
            throw new NotationFormatException($"these headers are not marked critical: {string.Join(", ", notCritical)}");
        }

        return new JwsProtectedHeader(algorithm, contentType, critical, scheme, time, expiry, extended);
    }

    /// <summary>The protected header notation writes for scheme notary.x509 (keys in sorted order, time in whole seconds).</summary>
    public static byte[] Create(string algorithm, DateTimeOffset signingTime, DateTimeOffset? expiry = null)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, OciJson.Writer))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", algorithm);
            writer.WriteStartArray("crit");
            writer.WriteStringValue(SigningSchemeKey);
            if (expiry is not null)
            {
                writer.WriteStringValue(ExpiryKey);
            }

            writer.WriteEndArray();
            writer.WriteString("cty", NotationPayload.ContentType);
            if (expiry is { } e)
            {
                writer.WriteString(ExpiryKey, FormatTime(e));
            }

            writer.WriteString(SigningSchemeKey, SchemeX509);
            writer.WriteString(SigningTimeKey, FormatTime(signingTime));
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>RFC 3339 in whole seconds, UTC ("Z"), as Go's time.Time marshals after notation truncates it.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string? String(JsonElement root, string name) =>
        !root.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new NotationFormatException($"'{name}' is not a string");

    private static DateTimeOffset? Time(JsonElement root, string name)
    {
        if (String(root, name) is not { } text)
        {
            return null;
        }

        // RFC 3339 as Go's time.Time unmarshals it: a 'T', seconds, optional fraction, 'Z' or an offset.
        string[] formats = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];
        return DateTimeOffset.TryParseExact(text, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && text.Length > 19 && (text.EndsWith('Z') || text[^6] is '+' or '-')
            ? time
            : throw new NotationFormatException($"'{name}' is not an RFC 3339 time: '{text}'");
    }
}
