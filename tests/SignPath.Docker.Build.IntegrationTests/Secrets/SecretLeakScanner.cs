using System.IO.Compression;
using System.Text;

namespace SignPath.Docker.Build.IntegrationTests.Secrets;

/// <summary>
/// Looks for secrets in build output and binary logs in every form a careless log line could take:
/// as is, UTF-16, base64 of the secret and of "user:secret" (basic auth, REGISTRY_AUTH, NOTARY_AUTH).
/// </summary>
internal static class SecretLeakScanner
{
    /// <summary>Every occurrence, described by the secret's name, its form, where, and the text before it (never the secret).</summary>
    public static IReadOnlyList<(string Description, string Before)> Find(string what, byte[] content, IReadOnlyDictionary<string, (string? User, string Secret)> secrets)
    {
        var found = new List<(string, string)>();
        foreach (var (name, (user, secret)) in secrets)
        {
            var forms = new Dictionary<string, byte[]>
            {
                ["plain"] = Encoding.UTF8.GetBytes(secret),
                ["utf-16"] = Encoding.Unicode.GetBytes(secret),
                ["base64"] = Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes(secret))),
            };
            if (user is not null)
            {
                forms["base64 user:secret"] = Encoding.ASCII.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
            }

            foreach (var (form, bytes) in forms)
            {
                for (var at = content.AsSpan().IndexOf(bytes); at >= 0;)
                {
                    found.Add(($"{name} ({form}) in {what}", Context(content, at)));
                    var next = content.AsSpan(at + bytes.Length).IndexOf(bytes);
                    at = next < 0 ? -1 : at + bytes.Length + next;
                }
            }
        }

        return found;
    }

    /// <summary>A .binlog is a gzip stream of records whose strings are UTF-8; scan the decompressed bytes.</summary>
    public static byte[] ReadBinaryLog(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var buffer = new MemoryStream();
        gzip.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>What precedes a leak, so the report says where it comes from without repeating the secret.</summary>
    private static string Context(byte[] content, int at)
    {
        var start = Math.Max(0, at - 80);
        var text = Encoding.UTF8.GetString(content, start, at - start);
        return new string([.. text.Select(c => char.IsControl(c) ? ' ' : c)]);
    }
}
