namespace SignPath.Docker.Build.IntegrationTests.Pkcs11;

/// <summary>
/// One object from `pkcs11-tool --list-objects`: a heading such as "Private Key Object; EC" followed
/// by indented "name: value" lines. OpenSC 0.23 filters the listing by --type but ignores --id,
/// so tests pick their object out of the whole listing.
/// </summary>
internal sealed record Pkcs11ToolObject(string Heading, IReadOnlyDictionary<string, string> Fields)
{
    public string? Id => Fields.GetValueOrDefault("ID");

    /// <summary>The comma-separated "Access:" flags, e.g. "sensitive", "never extractable", "local".</summary>
    public IReadOnlyList<string> Access =>
        Fields.TryGetValue("Access", out var access) ? access.Split(',', StringSplitOptions.TrimEntries) : [];

    public IReadOnlyList<string> Usage =>
        Fields.TryGetValue("Usage", out var usage) ? usage.Split(',', StringSplitOptions.TrimEntries) : [];

    public static List<Pkcs11ToolObject> Parse(string listing)
    {
        var objects = new List<Pkcs11ToolObject>();
        string? heading = null;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in listing.Split('\n'))
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (!char.IsWhiteSpace(line[0]))
            {
                if (heading is not null)
                {
                    objects.Add(new Pkcs11ToolObject(heading, fields));
                }

                heading = line.Trim();
                fields = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (heading is not null && colon > 0)
            {
                fields[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        if (heading is not null)
        {
            objects.Add(new Pkcs11ToolObject(heading, fields));
        }

        return objects;
    }
}
