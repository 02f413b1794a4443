namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>What <see cref="FaultProxy"/> does to the one request a <see cref="FaultRule"/> picks.</summary>
public enum FaultKind
{
    /// <summary>429 with Retry-After: 1, not forwarded.</summary>
    TooManyRequests,

    /// <summary>500, not forwarded.</summary>
    InternalServerError,

    /// <summary>502, not forwarded.</summary>
    BadGateway,

    /// <summary>503, not forwarded.</summary>
    ServiceUnavailable,

    /// <summary>
    /// Forwarded (so the server applies it), then the connection is reset after half of the response body,
    /// or before any byte of the response when it has no body: the "was my write applied?" case.
    /// </summary>
    ResetMidBody,

    /// <summary>Not forwarded; the connection stays silent until the client gives up.</summary>
    Stall,

    /// <summary>Forwarded, then answered with a well-framed response whose body is only the first half.</summary>
    TruncatedBody,

    /// <summary>
    /// Forwarded, then answered with the body padded by trailing spaces to <see cref="FaultProxy.OversizedBodyBytes"/>:
    /// still valid JSON, just larger than a client should read (token answers are capped at 128 KiB).
    /// </summary>
    OversizedBody,
}
