using Microsoft.AspNetCore.Mvc;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.LocalSigner.Processing;

namespace SignPath.Docker.LocalSigner.Api;

/// <summary>
/// POST /_localsigner/notary/roots {"gun","certificatePem"}: registers a repository at runtime, as an
/// administrator does in SignPath. Under the admin prefix, so it needs the API bearer token.
/// </summary>
public static class NotaryRootEndpoints
{
    public const string Path = AdminEndpoints.Prefix + "/notary/roots";

    public static void MapNotaryRootEndpoints(this IEndpointRouteBuilder endpoints) => endpoints.MapPost(Path, RegisterAsync);

    private static async Task<IResult> RegisterAsync(HttpRequest request, [FromServices] NotaryRootRegistry roots, CancellationToken cancellationToken)
    {
        NotaryRootRegistration? registration;
        try
        {
            registration = await request.ReadFromJsonAsync(LocalSignerJsonContext.Default.NotaryRootRegistration, cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            return BadRequest($"Not a root registration: {e.Message}");
        }

        if (string.IsNullOrWhiteSpace(registration?.Gun) || string.IsNullOrWhiteSpace(registration.CertificatePem))
        {
            return BadRequest("Both \"gun\" and \"certificatePem\" are required.");
        }

        try
        {
            roots.Add(registration.CertificatePem, registration.Gun);
        }
        catch (SignPathDockerException e)
        {
            return BadRequest(e.Message);
        }

        return Results.NoContent();
    }

    private static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: detail);
}
