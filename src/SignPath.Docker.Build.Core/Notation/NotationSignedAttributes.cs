namespace SignPath.Docker.Build.Notation;

/// <summary>
/// The signed-attribute rules every Notary Project envelope shares, whatever its encoding (JWS JSON or COSE CBOR), as
/// notation-core-go applies them (signature/jws/jws.go validateProtectedHeaders, signature/cose/envelope.go
/// validateCritHeaders): the signing scheme decides which time is signed, the scheme, an expiry and an authentic signing
/// time must be listed as critical, and every critical label must be present. One place, so that JWS and COSE
/// signatures cannot drift apart in what they accept.
/// Spec: https://github.com/notaryproject/specifications/blob/main/specs/signature-specification.md.
/// </summary>
internal static class NotationSignedAttributes
{
    public const string SigningSchemeKey = "io.cncf.notary.signingScheme";
    public const string SigningTimeKey = "io.cncf.notary.signingTime";
    public const string ExpiryKey = "io.cncf.notary.expiry";
    public const string AuthenticSigningTimeKey = "io.cncf.notary.authenticSigningTime";
    public const string SchemeX509 = "notary.x509";
    public const string SchemeSigningAuthority = "notary.x509.signingAuthority";

    /// <summary>Throws <see cref="NotationFormatException"/> for a broken rule; returns the signed time the scheme stands for.</summary>
    /// <param name="critical">The labels the envelope lists as critical.</param>
    /// <param name="isPresentOtherwise">Whether a critical label other than the required ones is present in the signed header.</param>
    public static DateTimeOffset Validate(
        string scheme,
        DateTimeOffset? signingTime,
        DateTimeOffset? authenticSigningTime,
        DateTimeOffset? expiry,
        IReadOnlyList<string> critical,
        Func<string, bool> isPresentOtherwise)
    {
        ArgumentNullException.ThrowIfNull(critical);
        ArgumentNullException.ThrowIfNull(isPresentOtherwise);
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
            if (!isPresentOtherwise(name))
            {
                throw new NotationFormatException($"'{name}' is marked critical but not present");
            }
        }

        var notCritical = mustBeCritical.Where(m => !critical.Contains(m)).ToList();
        if (notCritical.Count > 0)
        {
            throw new NotationFormatException($"these headers are not marked critical: {string.Join(", ", notCritical)}");
        }

        return time;
    }
}
