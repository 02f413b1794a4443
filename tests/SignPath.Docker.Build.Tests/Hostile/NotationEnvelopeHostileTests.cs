using SignPath.Docker.Build.Notation;
using SignPath.Docker.Build.Tests.Notation;

namespace SignPath.Docker.Build.Tests.Hostile;

/// <summary>
/// A Notation envelope, COSE or JWS, damaged anywhere (every byte flipped, prefixes cut off) is refused with a Notation
/// reason, never with another exception that would escape the SPD7003 mapping: the CBOR or JSON decoder, the
/// certificate reader (the chain is unprotected, so a damaged certificate still comes with a valid signature) and the
/// signature check all sit behind it.
/// </summary>
public sealed class NotationEnvelopeHostileTests
{
    [Theory]
    [InlineData("es256.cose", CoseEnvelope.MediaType)]
    [InlineData("es256.jws", JwsEnvelope.MediaType)]
    public void Every_flipped_byte_and_truncation_is_a_notation_refusal(string file, string mediaType)
    {
        var envelope = NotationVectors.Read(file);
        var verifier = new NotationSignatureVerifier([NotationVectors.Root]);
        var refused = 0;
        for (var i = 0; i < envelope.Length; i++)
        {
            var damaged = (byte[])envelope.Clone();
            damaged[i] ^= 0x5A;
            refused += Refused(verifier, mediaType, damaged) ? 1 : 0;
            if (i % 8 == 0)
            {
                Assert.True(Refused(verifier, mediaType, envelope[..i]));
            }
        }

        // Some flips land in bytes nothing reads (e.g. inside the unprotected signing agent); every other one is refused.
        Assert.True(refused > envelope.Length * 3 / 4, $"{refused} of {envelope.Length} damaged envelopes refused");
    }

    private static bool Refused(NotationSignatureVerifier verifier, string mediaType, byte[] envelope)
    {
        try
        {
            verifier.Verify(mediaType, envelope, NotationVectors.Target);
            return false;
        }
        catch (NotationFormatException)
        {
            return true;
        }
    }
}
