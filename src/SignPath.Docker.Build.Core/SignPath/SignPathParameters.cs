using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.SignPath;

/// <summary>
/// User-defined artifact configuration parameters (SignPath's <c>${name}</c> in an artifact configuration, e.g. the
/// before-push directives' <c>tag</c>), sent with every signing request of a build as <c>Parameters.&lt;name&gt;</c>.
/// </summary>
public static class SignPathParameters
{
    /// <summary>Checks the names before anything is sent; values are sent as given, an empty one included.</summary>
    public static IReadOnlyDictionary<string, string> From(IEnumerable<KeyValuePair<string, string>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (rawName, value) in items)
        {
            var name = rawName?.Trim() ?? string.Empty;
            // The name becomes part of a multipart header (Content-Disposition name="Parameters.<name>").
            if (name.Length == 0 || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c is '"' or '\\' or ';' or '=' || c > '\u007e'))
            {
                throw new SignPathDockerException(
                    ErrorCodes.InvalidSignPathParameter,
                    $"SignPathParameter '{rawName}' is not a usable parameter name.",
                    "Use the parameter's name from the artifact configuration (ASCII letters, digits, '.', '-', '_'), e.g. <SignPathParameter Include=\"tag\" Value=\"1.0\" />.");
            }

            if (!seen.Add(name))
            {
                throw new SignPathDockerException(
                    ErrorCodes.InvalidSignPathParameter,
                    $"SignPathParameter '{name}' is given more than once.",
                    "Give each parameter once; SignPath takes one value per parameter.");
            }

            parameters[name] = value ?? string.Empty;
        }

        return parameters;
    }
}
