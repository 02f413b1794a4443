using System.Text;
using System.Text.Json;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// The first entry of a docker/distribution errcode body: <c>{"errors":[{"code","message","detail"}]}</c>.
/// Spec: https://github.com/notaryproject/notary/blob/master/server/errors/errors.go.
/// </summary>
internal sealed record NotaryErrorResponse(string Code, string? Message, string? Detail)
{
    private const int MaxTextLength = 500;

    public static NotaryErrorResponse? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array || errors.GetArrayLength() == 0)
            {
                return null;
            }

            var first = errors[0];
            var code = first.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "UNKNOWN";
            var message = first.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            string? detail = first.TryGetProperty("detail", out var d) && d.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
                ? d.ValueKind == JsonValueKind.String ? d.GetString() : d.GetRawText()
                : null;
            return new NotaryErrorResponse(Clip(code)!, Clip(message), Clip(detail is "{}" ? null : detail));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string ToString()
    {
        var text = new StringBuilder(Code);
        if (!string.IsNullOrEmpty(Message))
        {
            text.Append(": ").Append(Message);
        }

        if (!string.IsNullOrEmpty(Detail))
        {
            text.Append(" (").Append(Detail).Append(')');
        }

        return text.ToString();
    }

    // The server's words go into build logs; keep them short and single-line.
    private static string? Clip(string? text) =>
        text is null ? null : (text.Length > MaxTextLength ? text[..MaxTextLength] + "…" : text).ReplaceLineEndings(" ");
}
