using System.Globalization;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>RFC 3339 times as TUF "expires" carries them. Go writes up to 9 fractional digits.</summary>
public static class TufTime
{
    public static DateTimeOffset Parse(string text, string what)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var value)
            && text.Length >= 20 && text[10] == 'T')
        {
            return value.ToUniversalTime();
        }

        throw new SignPathDockerException(ErrorCodes.TrustDataInvalid, $"{what} has an invalid expiry time '{text}'.");
    }

    /// <summary>UTC with whole seconds, e.g. 2029-11-27T18:35:18Z; notary-server accepts this form.</summary>
    public static string Format(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
