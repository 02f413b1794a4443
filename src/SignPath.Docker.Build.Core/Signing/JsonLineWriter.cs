using System.Globalization;
using System.Text;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// One JSON object as one line of text, the unit of <see cref="SignerProtocol"/>: strings, booleans, nested objects and
/// arrays. Written by hand rather than with Utf8JsonWriter, whose default escaping loads System.Text.Encodings.Web and
/// builds its character tables: one to two milliseconds in MSBuild's process before the signer got its inputs (measured).
/// Escapes what JSON requires (quotation mark, backslash, control characters) and nothing else.
/// </summary>
internal sealed class JsonLineWriter
{
    private readonly StringBuilder text = new("{");

    public JsonLineWriter String(string name, string value)
    {
        Name(name);
        Quoted(value);
        return this;
    }

    public JsonLineWriter Boolean(string name, bool value)
    {
        Name(name);
        text.Append(value ? "true" : "false");
        return this;
    }

    public JsonLineWriter StartObject(string? name = null)
    {
        if (name is null)
        {
            Separator();
        }
        else
        {
            Name(name);
        }

        text.Append('{');
        return this;
    }

    public JsonLineWriter EndObject()
    {
        text.Append('}');
        return this;
    }

    public JsonLineWriter StartArray(string name)
    {
        Name(name);
        text.Append('[');
        return this;
    }

    public JsonLineWriter EndArray()
    {
        text.Append(']');
        return this;
    }

    /// <summary>The object, closed; no line break.</summary>
    public override string ToString() => text + "}";

    private void Name(string name)
    {
        Separator();
        Quoted(name);
        text.Append(':');
    }

    private void Separator()
    {
        if (text[^1] is not ('{' or '['))
        {
            text.Append(',');
        }
    }

    private void Quoted(string value)
    {
        text.Append('"');
        var start = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c is '"' or '\\' or < ' ')
            {
                text.Append(value, start, i - start);
                text.Append(c switch
                {
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                });
                start = i + 1;
            }
        }

        text.Append(value, start, value.Length - start);
        text.Append('"');
    }
}
