using System.Formats.Cbor;

namespace SignPath.Docker.Build.Notation;

/// <summary>
/// The protected header of a Notary Project COSE_Sign1 envelope, read from its CBOR bytes (signature-envelope-cose.md,
/// "Protected Headers"): alg (label 1, an integer), crit (label 2), content type (label 3, a text string),
/// <c>io.cncf.notary.signingScheme</c>, and the times as tag 1 epoch date/times, as notation-core-go
/// (signature/cose/envelope.go parseProtectedHeaders) requires them. Labels are kept as text: text labels as they are,
/// integer labels as <c>#n</c>, so that the rules shared with JWS (<see cref="NotationSignedAttributes"/>) apply unchanged.
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-envelope-cose.md.
/// </summary>
internal sealed class CoseProtectedHeader
{
    private const string AlgorithmLabel = "#1";
    private const string CriticalLabel = "#2";
    private const string ContentTypeLabel = "#3";

    private static readonly string[] StandardLabels =
    [
        AlgorithmLabel, CriticalLabel, ContentTypeLabel, NotationSignedAttributes.ExpiryKey, NotationSignedAttributes.SigningTimeKey,
        NotationSignedAttributes.SigningSchemeKey, NotationSignedAttributes.AuthenticSigningTimeKey,
    ];

    private CoseProtectedHeader(string algorithm, string contentType, IReadOnlyList<string> critical, DateTimeOffset signingTime, DateTimeOffset? expiry, IReadOnlySet<string> labels)
    {
        Algorithm = algorithm;
        ContentType = contentType;
        Critical = critical;
        SigningTime = signingTime;
        Expiry = expiry;
        Labels = labels;
    }

    /// <summary>The JWS name of the COSE algorithm (ES256 for -7, …).</summary>
    public string Algorithm { get; }

    public string ContentType { get; }

    public IReadOnlyList<string> Critical { get; }

    public DateTimeOffset SigningTime { get; }

    public DateTimeOffset? Expiry { get; }

    public IReadOnlySet<string> Labels { get; }

    /// <summary>Critical labels beyond the Notary Project's own: a verifier that does not know them must refuse the signature.</summary>
    public IEnumerable<string> CriticalExtendedAttributes => Critical.Where(c => Labels.Contains(c) && !StandardLabels.Contains(c));

    public static CoseProtectedHeader Parse(ReadOnlyMemory<byte> encoded)
    {
        var values = new Dictionary<string, ReadOnlyMemory<byte>>(StringComparer.Ordinal);
        try
        {
            var reader = new CborReader(encoded, CborConformanceMode.Strict);
            var count = reader.ReadStartMap();
            if (count is null or > 64)
            {
                throw new NotationFormatException("the protected header is not a definite map of at most 64 entries");
            }

            for (var i = 0; i < count; i++)
            {
                var label = ReadLabel(reader);
                values[label] = reader.ReadEncodedValue();
            }

            reader.ReadEndMap();
            if (reader.BytesRemaining != 0)
            {
                throw new NotationFormatException("the protected header has trailing bytes");
            }
        }
        catch (CborContentException e)
        {
            throw new NotationFormatException($"the protected header is not valid CBOR ({e.Message})", e);
        }
        catch (InvalidOperationException e)
        {
            throw new NotationFormatException($"the protected header is not a CBOR map of labels ({e.Message})", e);
        }

        var algorithm = CoseAlgorithm.Name(Read(values, AlgorithmLabel, "alg", r => (long?)r.ReadInt64()) ?? throw new NotationFormatException("the protected header has no alg"));
        var contentType = Read(values, ContentTypeLabel, "content type", r => r.ReadTextString()) ?? throw new NotationFormatException("the protected header has no content type");
        var scheme = Read(values, NotationSignedAttributes.SigningSchemeKey, "signing scheme", r => r.ReadTextString())
            ?? throw new NotationFormatException($"the protected header has no {NotationSignedAttributes.SigningSchemeKey}");
        var critical = Read(values, CriticalLabel, "crit", ReadLabels) ?? [];
        var expiry = Time(values, NotationSignedAttributes.ExpiryKey);
        var signingTime = NotationSignedAttributes.Validate(
            scheme,
            Time(values, NotationSignedAttributes.SigningTimeKey),
            Time(values, NotationSignedAttributes.AuthenticSigningTimeKey),
            expiry,
            critical,
            values.ContainsKey);
        return new CoseProtectedHeader(algorithm, contentType, critical, signingTime, expiry, values.Keys.ToHashSet(StringComparer.Ordinal));
    }

    private static string ReadLabel(CborReader reader) => reader.PeekState() switch
    {
        CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger => "#" + reader.ReadInt64().ToString(System.Globalization.CultureInfo.InvariantCulture),
        CborReaderState.TextString => reader.ReadTextString(),
        _ => throw new NotationFormatException("a header label is neither an integer nor a text string"),
    };

    private static List<string> ReadLabels(CborReader reader)
    {
        var count = reader.ReadStartArray();
        if (count is null or 0 or > 64)
        {
            throw new NotationFormatException("crit is not a non-empty array of labels");
        }

        var labels = new List<string>();
        for (var i = 0; i < count; i++)
        {
            labels.Add(ReadLabel(reader));
        }

        reader.ReadEndArray();
        return labels;
    }

    /// <summary>A tag 1 epoch date/time (RFC 8949 §3.4.2), the only form notation-core-go accepts (cbor DecTagRequired).</summary>
    private static DateTimeOffset? Time(Dictionary<string, ReadOnlyMemory<byte>> values, string label) => Read(values, label, label, reader =>
    {
        if (reader.PeekState() != CborReaderState.Tag || reader.ReadTag() != CborTag.UnixTimeSeconds)
        {
            throw new NotationFormatException($"'{label}' is not a tag 1 date/time");
        }

        var seconds = reader.PeekState() switch
        {
            CborReaderState.UnsignedInteger or CborReaderState.NegativeInteger => reader.ReadInt64(),
            CborReaderState.HalfPrecisionFloat or CborReaderState.SinglePrecisionFloat or CborReaderState.DoublePrecisionFloat => (long)Math.Floor(reader.ReadDouble()),
            _ => throw new NotationFormatException($"'{label}' is not an epoch time"),
        };
        return (DateTimeOffset?)DateTimeOffset.FromUnixTimeSeconds(seconds);
    });

    private static T? Read<T>(Dictionary<string, ReadOnlyMemory<byte>> values, string label, string name, Func<CborReader, T> read)
    {
        if (!values.TryGetValue(label, out var encoded))
        {
            return default;
        }

        try
        {
            var reader = new CborReader(encoded, CborConformanceMode.Strict);
            return read(reader);
        }
        catch (Exception e) when (e is CborContentException or InvalidOperationException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new NotationFormatException($"'{name}' in the protected header has the wrong type ({e.Message})", e);
        }
    }
}
