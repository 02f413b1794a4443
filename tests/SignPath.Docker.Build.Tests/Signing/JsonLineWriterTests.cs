using System.Text.Json;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Tests.Signing;

/// <summary>The native signer protocol's hand-written JSON: exact text, and what System.Text.Json reads back from it.</summary>
public sealed class JsonLineWriterTests
{
    [Fact]
    public void Writes_one_compact_object_with_commas_only_between_members()
    {
        var text = new JsonLineWriter()
            .String("a", "x")
            .Boolean("b", true)
            .StartObject("c").EndObject()
            .StartArray("d").StartObject().String("e", "1").EndObject().StartObject().Boolean("f", false).EndObject().EndArray()
            .ToString();

        Assert.Equal("""{"a":"x","b":true,"c":{},"d":[{"e":"1"},{"f":false}]}""", text);
    }

    [Theory]
    [InlineData("quote \" and backslash \\", """ "quote \" and backslash \\" """)]
    [InlineData("line\nbreak\r\ttab", """ "line\nbreak\r\ttab" """)]
    [InlineData("\u0000\u0001\u001f", """ "\u0000\u0001\u001f" """)]
    [InlineData("</script> & ' / ü €", """ "</script> & ' / ü €" """)]
    public void Escapes_what_JSON_requires_and_nothing_else(string value, string expected)
    {
        Assert.Equal("{\"v\":" + expected.Trim() + "}", new JsonLineWriter().String("v", value).ToString());
    }

    [Fact]
    public void System_Text_Json_reads_back_every_character_written()
    {
        var all = string.Concat(Enumerable.Range(0, 0x800).Select(c => (char)c)) + "😀 \uFFFD";

        var text = new JsonLineWriter().String("all", all).StartObject("nested").String(all, "key").EndObject().ToString();

        using var document = JsonDocument.Parse(text);
        Assert.Equal(all, document.RootElement.GetProperty("all").GetString());
        Assert.Equal("key", document.RootElement.GetProperty("nested").GetProperty(all).GetString());
        Assert.DoesNotContain('\n', text);
    }
}
