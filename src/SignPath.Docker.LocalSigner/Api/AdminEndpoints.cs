using Microsoft.AspNetCore.Mvc;
using SignPath.Docker.LocalSigner.Faults;
using SignPath.Docker.LocalSigner.Requests;

namespace SignPath.Docker.LocalSigner.Api;

/// <summary>
/// Test hooks under /_localsigner/: health (no auth), received requests, fault injection.
/// Everything but health needs the same bearer token as the API.
/// </summary>
public static class AdminEndpoints
{
    public const string Prefix = "/_localsigner";
    public const string HealthPath = Prefix + "/health";

    public static void MapAdminEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(HealthPath, () => Results.Text("ok"));
        endpoints.MapGet(Prefix + "/requests", ListRequests);
        endpoints.MapDelete(Prefix + "/requests", ([FromServices] SigningRequestStore store) =>
        {
            store.Clear();
            return Results.NoContent();
        });
        endpoints.MapPost(Prefix + "/faults", ArmFault);
        endpoints.MapDelete(Prefix + "/faults", ([FromServices] FaultInjector faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
    }

    private static IResult ListRequests([FromServices] SigningRequestStore store, [FromServices] TimeProvider time)
    {
        var now = time.GetUtcNow();
        var list = store.All().Select(request => new ReceivedRequestResponse
        {
            Id = request.Id,
            OrganizationId = request.OrganizationId,
            ProjectSlug = request.ProjectSlug,
            SigningPolicySlug = request.SigningPolicySlug,
            ArtifactConfigurationSlug = request.ArtifactConfigurationSlug,
            Description = request.Description,
            Parameters = request.Parameters,
            Origin = OriginResponse.From(request.Origin),
            ArtifactFileName = request.ArtifactFileName,
            FileNames = request.ArtifactEntryNames,
            Status = SigningRequestState.Of(request, now).Status,
        }).ToList();
        return Results.Json(list, LocalSignerJsonContext.Default.ListReceivedRequestResponse);
    }

    private static async Task<IResult> ArmFault(HttpRequest request, [FromServices] FaultInjector faults, CancellationToken cancellationToken)
    {
        FaultSpecification? fault;
        try
        {
            fault = await request.ReadFromJsonAsync(LocalSignerJsonContext.Default.FaultSpecification, cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: $"Not a fault specification: {e.Message}");
        }

        if (fault is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: "Empty fault specification.");
        }

        var kind = fault.Kind?.ToLowerInvariant() ?? (fault.BadSignature ? FaultKinds.BadSignature : null);
        if (kind is null || !FaultKinds.All.Contains(kind) || fault.Count is < 1)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Bad Request",
                detail: $"Unknown fault kind '{fault.Kind}' or count < 1; kinds: {string.Join(", ", FaultKinds.All)}.");
        }

        faults.Arm(fault with { Kind = kind });
        return Results.NoContent();
    }
}
