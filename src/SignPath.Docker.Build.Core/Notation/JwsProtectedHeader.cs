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
    private static readonly string[] StandardKeys = ["alg", "cty", "crit", NotationSignedAttributes.ExpiryKey, NotationSignedAttributes.SigningTimeKey, NotationSignedAttributes.SigningSchemeKey, NotationSignedAttributes.AuthenticSigningTimeKey];

    private JwsProtectedHeader(
        string algorithm,
        string contentType,
        IReadOnlyList<string> critical,
        DateTimeOffset signingTime,
        DateTimeOffset? expiry,
        IReadOnlyDictionary<string, JsonElement> extendedAttributes)
    {
        Algorithm = algorithm;
        ContentType = contentType;
        Critical = critical;
        SigningTime = signingTime;
        Expiry = expiry;
        ExtendedAttributes = extendedAttributes;
    }

    public string Algorithm { get; }

    public string ContentType { get; }

    public IReadOnlyList<string> Critical { get; }

    /// <summary>signingTime for notary.x509, authenticSigningTime for notary.x509.signingAuthority.</summary>
    public DateTimeOffset SigningTime { get; }

    public DateTimeOffset? Expiry { get; }

    /// <summary>Headers beyond the standard ones (signed extended attributes), as JSON values.</summary>
    public IReadOnlyDictionary<string, JsonElement> ExtendedAttributes { get; }

    /// <summary>Extended attributes marked critical: a verifier that does not know them must refuse the signature.</summary>
    public IEnumerable<string> CriticalExtendedAttributes => Critical.Where(ExtendedAttributes.ContainsKey);

    public static JwsProtectedHeader Parse(byte[] json)
    {
        // JsonDocument checks UTF-8 only when a string is read, and then throws InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new NotationFormatException("the protected header is not UTF-8");
        }

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
        var scheme = String(root, NotationSignedAttributes.SigningSchemeKey) ?? throw new NotationFormatException($"the protected header has no {NotationSignedAttributes.SigningSchemeKey}");
        var signingTime = Time(root, NotationSignedAttributes.SigningTimeKey);
        var authenticSigningTime = Time(root, NotationSignedAttributes.AuthenticSigningTimeKey);
        var expiry = Time(root, NotationSignedAttributes.ExpiryKey);
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

        var time = NotationSignedAttributes.Validate(scheme, signingTime, authenticSigningTime, expiry, critical, extended.ContainsKey);
        return new JwsProtectedHeader(algorithm, contentType, critical, time, expiry, extended);
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
            writer.WriteStringValue(NotationSignedAttributes.SigningSchemeKey);
            if (expiry is not null)
            {
                writer.WriteStringValue(NotationSignedAttributes.ExpiryKey);
            }

            writer.WriteEndArray();
            writer.WriteString("cty", NotationPayload.ContentType);
            if (expiry is { } e)
            {
                writer.WriteString(NotationSignedAttributes.ExpiryKey, FormatTime(e));
            }

            writer.WriteString(NotationSignedAttributes.SigningSchemeKey, NotationSignedAttributes.SchemeX509);
            writer.WriteString(NotationSignedAttributes.SigningTimeKey, FormatTime(signingTime));
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
