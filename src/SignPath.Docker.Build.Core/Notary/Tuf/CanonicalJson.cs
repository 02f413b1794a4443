using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>
/// docker/go canonical JSON (MarshalCanonical), the byte form notary signs and hashes: object keys
/// sorted by UTF-8 bytes, no whitespace, only <c>"</c> and <c>\</c> escaped, integers only.
/// System.Text.Json's writer escapes far more, so this writes the bytes itself.
/// Spec: https://github.com/docker/go/blob/master/canonical/json/encode.go.
/// </summary>
public static class CanonicalJson
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Serialize(JsonNode? node)
    {
        // Through the node's own writer rather than JsonSerializer: the serializer's first use builds its metadata
        // caches, more than a millisecond of every signing in a fresh MSBuild task load.
        var written = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(written))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        using var document = JsonDocument.Parse(written.WrittenMemory);
        return Serialize(document.RootElement);
    }

    public static byte[] Serialize(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        Write(element, buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(JsonElement element, ArrayBufferWriter<byte> output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<(byte[] Name, JsonElement Value)>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                    {
                        throw Invalid($"duplicate key \"{property.Name}\"");
                    }

                    properties.Add((Encode(property.Name), property.Value));
                }

                properties.Sort(static (a, b) => a.Name.AsSpan().SequenceCompareTo(b.Name));
                Append(output, "{"u8);
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i > 0)
                    {
                        Append(output, ","u8);
                    }

                    WriteString(properties[i].Name, output);
                    Append(output, ":"u8);
                    Write(properties[i].Value, output);
                }

                Append(output, "}"u8);
                break;
            case JsonValueKind.Array:
                Append(output, "["u8);
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        Append(output, ","u8);
                    }

                    first = false;
                    Write(item, output);
                }

                Append(output, "]"u8);
                break;
            case JsonValueKind.String:
                WriteString(Encode(element.GetString()!), output);
                break;
            case JsonValueKind.Number:
                if (!element.TryGetInt64(out var number))
                {
                    throw Invalid($"non-integer number {element.GetRawText()}");
                }

                Append(output, Encoding.ASCII.GetBytes(number.ToString(CultureInfo.InvariantCulture)));
                break;
            case JsonValueKind.True:
                Append(output, "true"u8);
                break;
            case JsonValueKind.False:
                Append(output, "false"u8);
                break;
            case JsonValueKind.Null:
                Append(output, "null"u8);
                break;
            default:
                throw Invalid($"unexpected JSON value kind {element.ValueKind}");
        }
    }

    private static byte[] Encode(string text)
    {
        try
        {
            return StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException)
        {
            throw Invalid("a string that is not valid UTF-16 (lone surrogate)");
        }
    }

    private static void WriteString(byte[] utf8, ArrayBufferWriter<byte> output)
    {
        Append(output, "\""u8);
        var start = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] is (byte)'"' or (byte)'\\')
            {
                Append(output, utf8.AsSpan(start, i - start));
                Append(output, "\\"u8);
                start = i;
            }
        }

        Append(output, utf8.AsSpan(start));
        Append(output, "\""u8);
    }

    private static void Append(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);

    private static SignPathDockerException Invalid(string what) =>
        new(ErrorCodes.TrustDataInvalid, $"The TUF metadata cannot be written as canonical JSON: {what}.");
}
