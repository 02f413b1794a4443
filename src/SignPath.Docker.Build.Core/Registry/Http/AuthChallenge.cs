using System.Net.Http.Headers;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Registry.Http;

/// <summary>
/// A parsed WWW-Authenticate challenge: Basic, or Bearer with realm/service/scope.
/// Spec: https://www.rfc-editor.org/rfc/rfc7235#section-4.1, https://distribution.github.io/distribution/spec/auth/token/.
/// </summary>
internal sealed record AuthChallenge(string Scheme, string? Realm, string? Service, string? Scope)
{
    public bool IsBasic => string.Equals(Scheme, "Basic", StringComparison.OrdinalIgnoreCase);

    public bool IsBearer => string.Equals(Scheme, "Bearer", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first Bearer or Basic challenge (Bearer preferred); null when there is none.</summary>
    public static AuthChallenge? Select(HttpHeaderValueCollection<AuthenticationHeaderValue> headers)
    {
        AuthChallenge? basic = null;
        foreach (var header in headers)
        {
            var challenge = Parse(header.Scheme, header.Parameter);
            if (challenge.IsBearer)
            {
                return challenge;
            }

            basic ??= challenge.IsBasic ? challenge : null;
        }

        return basic;
    }

    /// <summary>Parses the auth-param list (realm="...",service="...",scope="..."); quoted strings may contain commas.</summary>
    public static AuthChallenge Parse(string scheme, string? parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var text = parameters ?? string.Empty;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && (text[i] == ',' || char.IsWhiteSpace(text[i])))
            {
                i++;
            }

            var equals = text.IndexOf('=', i);
            if (equals < 0)
            {
                break;
            }

            var name = text[i..equals].Trim();
            i = equals + 1;
            string value;
            if (i < text.Length && text[i] == '"')
            {
                var builder = new System.Text.StringBuilder();
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                    }

                    builder.Append(text[i]);
                    i++;
                }

                if (i >= text.Length)
                {
                    throw Invalid(scheme, $"the value of '{name}' has no closing quote");
                }

                i++;
                value = builder.ToString();
            }
            else
            {
                var comma = text.IndexOf(',', i);
                var end = comma < 0 ? text.Length : comma;
                value = text[i..end].Trim();
                i = end;
            }

            if (name.Length == 0)
            {
                throw Invalid(scheme, "a parameter has no name");
            }

            values[name] = value;
        }

        var challenge = new AuthChallenge(
            scheme,
            values.GetValueOrDefault("realm"),
            values.GetValueOrDefault("service"),
            values.GetValueOrDefault("scope"));
        if (challenge.IsBearer && string.IsNullOrEmpty(challenge.Realm))
        {
            throw Invalid(scheme, "a Bearer challenge needs a realm");
        }

        return challenge;
    }

    /// <summary>
    /// The token endpoint may only be an absolute https URL, or http when the registry itself is allowed plain http
    /// (loopback / insecure). Otherwise a hostile registry could direct our credentials anywhere.
    /// </summary>
    public Uri ValidateRealm(Uri registryUri, InsecureRegistryPolicy policy)
    {
        if (!Uri.TryCreate(Realm, UriKind.Absolute, out var realm))
        {
            throw Invalid(Scheme, $"the realm '{Realm}' is not an absolute URL");
        }

        if (realm.Scheme == Uri.UriSchemeHttps)
        {
            return realm;
        }

        if (realm.Scheme == Uri.UriSchemeHttp && policy.AllowsHttp(registryUri))
        {
            return realm;
        }

        throw new SignPathDockerException(
            ErrorCodes.InvalidAuthChallenge,
            $"The registry {registryUri.Authority} asked for credentials to be sent to '{realm.GetLeftPart(UriPartial.Path)}', which is not https. They were not sent.",
            "A registry's token service must use https. If this registry is yours and on a trusted network, list it in DOTNET_CONTAINER_INSECURE_REGISTRIES.");
    }

    private static SignPathDockerException Invalid(string scheme, string problem) =>
        new(
            ErrorCodes.InvalidAuthChallenge,
            $"The registry sent a malformed {scheme} authentication challenge: {problem}.",
            "Check that the registry URL is right; a proxy in between may be rewriting the WWW-Authenticate header.");
}
