using System.Text.Json.Serialization;

namespace SignPath.Docker.LocalSigner.Api;

public sealed record SubmitResponse([property: JsonPropertyName("signingRequestId")] Guid SigningRequestId);
