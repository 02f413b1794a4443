using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;

namespace SignPath.Docker.Build.Http;

/// <summary>Reads response bodies without trusting the server about their size.</summary>
internal static class BoundedReader
{
    /// <summary>Reads at most <paramref name="maxBytes"/>; beyond that truncates or throws, as asked.</summary>
    /// <param name="tooLarge">The error for a body over the limit, given the size seen so far; default: a registry request failure.</param>
    public static async Task<byte[]> ReadAsync(
        HttpContent content, long maxBytes, CancellationToken cancellationToken, bool truncate = false, string? what = null, Func<long, Exception>? tooLarge = null)
    {
        tooLarge ??= size => TooLarge(what, size, maxBytes);
        if (!truncate && content.Headers.ContentLength > maxBytes)
        {
            throw tooLarge(content.Headers.ContentLength.Value);
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                break;
            }

            if (buffer.Length + read > maxBytes)
            {
                if (truncate)
                {
                    buffer.Write(chunk, 0, (int)(maxBytes - buffer.Length));
                    break;
                }

                throw tooLarge(buffer.Length + read);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads a body of at most <paramref name="maxBytes"/> and checks it hashes to <paramref name="digest"/> while reading.</summary>
    public static async Task<byte[]> ReadVerifiedAsync(HttpContent content, string digest, long maxBytes, string what, CancellationToken cancellationToken)
    {
        var bytes = await ReadAsync(content, maxBytes, cancellationToken, what: what);
        if (!ContentDigest.Matches(digest, bytes))
        {
            throw new SignPathDockerException(
                ErrorCodes.DigestMismatch,
                $"The {what} the registry returned does not match its digest {digest} (got {ContentDigest.Sha256(bytes)}).",
                "The registry or a proxy altered the content; do not sign it. Check the registry's storage.");
        }

        return bytes;
    }

    private static SignPathDockerException TooLarge(string? what, long size, long maxBytes) =>
        new(
            ErrorCodes.RegistryRequestFailed,
            $"The {what ?? "response"} is larger than the {maxBytes} bytes allowed (at least {size} bytes).",
            "This is not something the signing flow expects to read; check that the reference points at the right content.");
}
