using Microsoft.AspNetCore.Mvc;
using SignPath.Docker.LocalSigner.Faults;
using SignPath.Docker.LocalSigner.Processing;

namespace SignPath.Docker.LocalSigner.Api;

/// <summary>
/// SignPath's <c>GET {prefix}/v1/{organizationId}/Cryptoki/MySigningPolicies[?projectSlug=…&amp;signingPolicySlug=…]</c>:
/// the one signing policy this service has, with the cosign key's certificate, or an empty list when the slugs name
/// another. Clients check every returned signature with it.
/// </summary>
public static class SigningPolicyEndpoints
{
    // Stable for the life of the process, like a policy's ID in SignPath.
    private static readonly Guid PolicyId = Guid.NewGuid();

    public static void MapSigningPolicyEndpoints(this IEndpointRouteBuilder endpoints, string prefix)
    {
        endpoints.MapGet(prefix + "/v1/{organizationId}/Cryptoki/MySigningPolicies", GetSigningPolicies);
    }

    private static IResult GetSigningPolicies(
        string organizationId,
        [FromQuery] string? projectSlug,
        [FromQuery] string? signingPolicySlug,
        HttpRequest request,
        [FromServices] LocalSignerSettings settings,
        [FromServices] CosignSigningKey key,
        [FromServices] FaultInjector faults)
    {
        if (SigningRequestEndpoints.ForbiddenOrganization(settings, organizationId) is { } forbidden)
        {
            return forbidden;
        }

        var policies = new List<SigningPolicyResponse>();
        if ((string.IsNullOrEmpty(projectSlug) || string.Equals(projectSlug, settings.ProjectSlug, StringComparison.OrdinalIgnoreCase)) &&
            (string.IsNullOrEmpty(signingPolicySlug) || string.Equals(signingPolicySlug, settings.SigningPolicySlug, StringComparison.OrdinalIgnoreCase)))
        {
            var otherKey = faults.TakeSigningPolicyFault(request.Method, request.Path) is not null;
            var certificate = otherKey ? CosignSigningKey.CreateOtherCertificate(key.KeyType) : key.Certificate;
            policies.Add(new SigningPolicyResponse
            {
                SigningPolicySlug = settings.SigningPolicySlug,
                ProjectSlug = settings.ProjectSlug,
                SigningPolicyId = PolicyId,
                KeyType = key.KeyType,
                KeySizeInBits = key.KeySizeInBits,
                CertificateBytes = certificate,
                // With the fault the public key bytes stay right: a client must read the certificate, as SignPath's own tools do.
                PublicKeyBytes = key.PublicKeyBytes,
            });
        }

        return Results.Json(new SigningPoliciesResponse { SigningPolicies = policies }, LocalSignerJsonContext.Default.SigningPoliciesResponse);
    }
}
