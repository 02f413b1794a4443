using System.Net;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Registry;

/// <summary>
/// A registry (or its token service) request that failed: the HTTP status when there was an answer, the error
/// entries of its body, and whether trying again later can help. The registry client restarts a whole upload
/// on a transient one; everything else reaches the user as the SPD error it carries.
/// </summary>
internal sealed class RegistryException : SignPathDockerException
{
    public RegistryException(
        string code,
        string message,
        string? hint,
        bool isTransient,
        HttpStatusCode? statusCode = null,
        IReadOnlyList<RegistryError>? errors = null,
        Exception? innerException = null)
        : base(code, message, hint, innerException)
    {
        IsTransient = isTransient;
        StatusCode = statusCode;
        Errors = errors ?? [];
    }

    /// <summary>True when the same request may succeed later: 408/429/502/503/504, a reset or a truncated answer.</summary>
    public bool IsTransient { get; }

    /// <summary>Null when no HTTP answer came (DNS, connection, TLS, timeout).</summary>
    public HttpStatusCode? StatusCode { get; }

    public IReadOnlyList<RegistryError> Errors { get; }
}
