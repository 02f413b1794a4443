using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using SignPath.Docker.Build.SignPath.Origin;
using SignPath.Docker.LocalSigner.Faults;
using SignPath.Docker.LocalSigner.Processing;
using SignPath.Docker.LocalSigner.Requests;

namespace SignPath.Docker.LocalSigner.Api;

/// <summary>SignPath's submit / status / download routes under {prefix}/v1/{organizationId}/SigningRequests.</summary>
public static class SigningRequestEndpoints
{
    private const long MaxArtifactBytes = 64L * 1024 * 1024;

    public static void MapSigningRequestEndpoints(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var group = endpoints.MapGroup(prefix + "/v1/{organizationId}/SigningRequests");
        group.MapPost(string.Empty, SubmitAsync).DisableAntiforgery();
        group.MapGet("{id:guid}", GetStatus);
        group.MapGet("{id:guid}/SignedArtifact", GetSignedArtifact);
        group.MapGet("{id:guid}/UnsignedArtifact", GetUnsignedArtifact);
    }

    private static async Task<IResult> SubmitAsync(
        string organizationId,
        HttpRequest request,
        [FromServices] LocalSignerSettings settings,
        [FromServices] IEnumerable<IArtifactProcessor> processors,
        [FromServices] SigningRequestStore store,
        [FromServices] FaultInjector faults,
        [FromServices] TimeProvider time,
        [FromServices] ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        if (ForbiddenOrganization(settings, organizationId) is { } forbidden)
        {
            return forbidden;
        }

        if (!request.HasFormContentType)
        {
            return BadRequest("The signing request must be sent as multipart/form-data.");
        }

        var form = await request.ReadFormAsync(cancellationToken);
        var projectSlug = form["ProjectSlug"].ToString();
        var policySlug = form["SigningPolicySlug"].ToString();
        var configurationSlug = form["ArtifactConfigurationSlug"].ToString();
        if (!string.Equals(projectSlug, settings.ProjectSlug, StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest($"There is no project with the slug '{projectSlug}' (this signer serves '{settings.ProjectSlug}').");
        }

        if (!string.Equals(policySlug, settings.SigningPolicySlug, StringComparison.OrdinalIgnoreCase))
        {
            return BadRequest($"Project '{projectSlug}' has no signing policy with the slug '{policySlug}' (this signer serves '{settings.SigningPolicySlug}').");
        }

        var processor = string.IsNullOrEmpty(configurationSlug)
            ? processors.First()
            : processors.FirstOrDefault(candidate => string.Equals(candidate.Slug, configurationSlug, StringComparison.OrdinalIgnoreCase));
        if (processor is null)
        {
            return BadRequest($"Project '{projectSlug}' has no artifact configuration with the slug '{configurationSlug}' (known: {string.Join(", ", processors.Select(p => p.Slug))}).");
        }

        var origin = SigningRequestOrigin.FromFields(name => form[name].ToString());
        if (settings.RequireOrigin && OriginVerification.Refusal(origin, policySlug) is { } refusal)
        {
            loggerFactory.CreateLogger(typeof(SigningRequestEndpoints)).LogWarning("Signing request refused: {Reason}", refusal);
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Origin verification failed", detail: refusal);
        }

        var file = form.Files.GetFile("Artifact");
        if (file is null)
        {
            return BadRequest("The signing request has no 'Artifact' file part.");
        }

        if (file.Length > MaxArtifactBytes)
        {
            return BadRequest($"The artifact is larger than {MaxArtifactBytes} bytes.");
        }

        byte[] unsigned;
        await using (var upload = file.OpenReadStream())
        {
            using var buffer = new MemoryStream();
            await upload.CopyToAsync(buffer, cancellationToken);
            unsigned = buffer.ToArray();
        }

        var parameters = ReadParameters(form);
        var fault = faults.TakeSubmissionFault(request.Method, request.Path);
        ArtifactProcessingOutcome outcome;
        byte[]? signed = null;
        using (var signedBuffer = new MemoryStream())
        {
            outcome = await processor.ProcessAsync(
                new ArtifactProcessingContext
                {
                    UnsignedArtifact = new MemoryStream(unsigned, writable: false),
                    ArtifactFileName = file.FileName,
                    Parameters = parameters,
                    CorruptSignatures = fault?.Kind == FaultKinds.BadSignature,
                    CosignSignatureFault = fault?.Kind is { } signatureFault && FaultKinds.CosignSignatureFaults.Contains(signatureFault) ? signatureFault : null,
                    NotaryTampering = fault?.Kind is { } kind && FaultKinds.NotaryTampering.Contains(kind) ? kind : null,
                    LayoutFault = fault?.Kind is { } layoutFault && FaultKinds.LayoutFaults.Contains(layoutFault) ? layoutFault : null,
                },
                signedBuffer,
                cancellationToken);
            if (outcome.Result == ArtifactProcessingResult.Completed)
            {
                signed = signedBuffer.ToArray();
            }
        }

        outcome = fault?.Kind switch
        {
            FaultKinds.Deny => ArtifactProcessingOutcome.Denied(fault.Reason ?? "Denied by an injected fault."),
            FaultKinds.Fail => ArtifactProcessingOutcome.Failed(fault.Reason ?? "Failed by an injected fault."),
            _ => outcome,
        };
        var now = time.GetUtcNow();
        var signingRequest = new LocalSigningRequest
        {
            Id = Guid.NewGuid(),
            OrganizationId = organizationId,
            ProjectSlug = settings.ProjectSlug,
            SigningPolicySlug = settings.SigningPolicySlug,
            ArtifactConfigurationSlug = processor.Slug,
            Description = form["Description"].ToString(),
            Parameters = parameters,
            Origin = origin,
            ArtifactFileName = file.FileName,
            ArtifactEntryNames = await EntryNamesAsync(unsigned, cancellationToken),
            UnsignedArtifact = unsigned,
            SubmittedAt = now,
            ApprovedAt = fault?.Kind == FaultKinds.NeverComplete ? null : now + settings.ApprovalDelay,
            CancelAt = long.TryParse(form["CancellationTimeoutInSeconds"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var cancelSeconds) && cancelSeconds > 0
                ? now + TimeSpan.FromSeconds(cancelSeconds)
                : null,
            Outcome = outcome,
            SignedArtifact = outcome.Result == ArtifactProcessingResult.Completed ? signed : null,
        };
        store.Add(signingRequest);
        var logger = loggerFactory.CreateLogger(typeof(SigningRequestEndpoints));
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation(
            "Signing request {Id}: configuration {Configuration}, artifact {FileName} [{Entries}], origin {Origin}, outcome {Outcome}{Fault}",
            signingRequest.Id,
            processor.Slug,
            file.FileName,
            string.Join(", ", signingRequest.ArtifactEntryNames),
            origin,
            outcome.Reason is null ? outcome.Result.ToString() : $"{outcome.Result}: {outcome.Reason}",
            fault is null ? string.Empty : $" (injected fault {fault.Kind})");
        }

        var location = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path.Value!.TrimEnd('/')}/{signingRequest.Id:D}";
        return Results.Created(location, new SubmitResponse(signingRequest.Id));
    }

    private static IResult GetStatus(
        string organizationId,
        Guid id,
        HttpRequest request,
        [FromServices] LocalSignerSettings settings,
        [FromServices] SigningRequestStore store,
        [FromServices] TimeProvider time)
    {
        if (Find(settings, store, organizationId, id, out var signingRequest) is { } problem)
        {
            return problem;
        }

        var state = SigningRequestState.Of(signingRequest, time.GetUtcNow());
        var self = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path.Value!.TrimEnd('/')}";
        return Results.Json(
            new SigningRequestResponse
            {
                Status = state.Status,
                IsFinalStatus = state.IsFinal,
                WorkflowStatus = state.WorkflowStatus,
                ProjectSlug = signingRequest.ProjectSlug,
                SigningPolicySlug = signingRequest.SigningPolicySlug,
                ArtifactConfigurationSlug = signingRequest.ArtifactConfigurationSlug,
                Description = signingRequest.Description,
                SignedArtifactLink = self + "/SignedArtifact",
                UnsignedArtifactLink = self + "/UnsignedArtifact",
                Parameters = signingRequest.Parameters,
                Origin = OriginResponse.From(signingRequest.Origin),
                LocalSignerReason = state.IsFinal ? signingRequest.Outcome.Reason : null,
            },
            LocalSignerJsonContext.Default.SigningRequestResponse);
    }

    private static IResult GetSignedArtifact(
        string organizationId,
        Guid id,
        [FromServices] LocalSignerSettings settings,
        [FromServices] SigningRequestStore store,
        [FromServices] TimeProvider time)
    {
        if (Find(settings, store, organizationId, id, out var signingRequest) is { } problem)
        {
            return problem;
        }

        var state = SigningRequestState.Of(signingRequest, time.GetUtcNow());
        if (state.Status != "Completed" || signingRequest.SignedArtifact is null)
        {
            return BadRequest($"Signing request {id:D} is {state.Status}; the signed artifact is only available once it is Completed.");
        }

        return Results.Bytes(signingRequest.SignedArtifact, "application/octet-stream", SignedFileName(signingRequest.ArtifactFileName));
    }

    private static IResult GetUnsignedArtifact(
        string organizationId,
        Guid id,
        [FromServices] LocalSignerSettings settings,
        [FromServices] SigningRequestStore store) =>
        Find(settings, store, organizationId, id, out var signingRequest) is { } problem
            ? problem
            : Results.Bytes(signingRequest.UnsignedArtifact, "application/octet-stream", signingRequest.ArtifactFileName);

    private static IResult? Find(LocalSignerSettings settings, SigningRequestStore store, string organizationId, Guid id, out LocalSigningRequest signingRequest)
    {
        signingRequest = null!;
        if (ForbiddenOrganization(settings, organizationId) is { } forbidden)
        {
            return forbidden;
        }

        var found = store.Find(id);
        if (found is null || !string.Equals(found.OrganizationId, organizationId, StringComparison.OrdinalIgnoreCase))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not Found", detail: $"There is no signing request {id:D} in organization {organizationId}.");
        }

        signingRequest = found;
        return null;
    }

    internal static IResult? ForbiddenOrganization(LocalSignerSettings settings, string organizationId) =>
        settings.OrganizationId is null || string.Equals(settings.OrganizationId, organizationId, StringComparison.OrdinalIgnoreCase)
            ? null
            : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: $"The API token has no access to organization {organizationId}.");

    private static IResult BadRequest(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad Request", detail: detail);

    // SignPath accepts both "Parameters.name" (its PowerShell module) and "Parameters[name]" (a doc example).
    private static Dictionary<string, string> ReadParameters(IFormCollection form)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in form)
        {
            if (key.StartsWith("Parameters.", StringComparison.OrdinalIgnoreCase))
            {
                parameters[key["Parameters.".Length..]] = value.ToString();
            }
            else if (key.StartsWith("Parameters[", StringComparison.OrdinalIgnoreCase) && key.EndsWith(']'))
            {
                parameters[key["Parameters[".Length..^1]] = value.ToString();
            }
        }

        return parameters;
    }

    private static async Task<IReadOnlyList<string>> EntryNamesAsync(byte[] artifact, CancellationToken cancellationToken)
    {
        try
        {
            var entries = await ArtifactZip.ReadAsync(new MemoryStream(artifact, writable: false), cancellationToken);
            return [.. entries.Select(entry => entry.Name)];
        }
        catch (InvalidArtifactException)
        {
            return [];
        }
    }

    private static string SignedFileName(string fileName)
    {
        var extension = Path.GetExtension(fileName);
        return string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(fileName)}.signed{extension}");
    }
}
