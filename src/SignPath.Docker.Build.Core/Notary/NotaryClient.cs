using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Http;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary;

/// <summary>
/// The notary-server HTTP API (<c>/v2/&lt;gun&gt;/_trust/tuf/…</c>). Does no authentication itself: pass an
/// HttpClient whose handler chain adds it. Returns bytes exactly as served; verification is
/// <see cref="TrustDataLoader"/>'s job.
/// Spec: https://github.com/notaryproject/notary/blob/master/server/server.go.
/// </summary>
public sealed partial class NotaryClient
{
    /// <summary>Upper bound for one metadata file; real ones are kilobytes, a hostile server could stream forever.</summary>
    public const int MaxMetadataBytes = 4 * 1024 * 1024;

    private const int MaxErrorBytes = 64 * 1024;

    /// <summary>How often a metadata GET is repeated when its body breaks off; GETs are safe to repeat.</summary>
    private const int MaxBodyReadAttempts = 3;

    /// <summary>Attempts of one publish while the server answers 429/502/503/504.</summary>
    private const int MaxPublishAttempts = 3;

    private static readonly TimeSpan MaxPublishRetryDelay = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly Uri _server;
    private readonly IProgressLog _log;
    private readonly TimeSpan _requestTimeout;

    /// <param name="requestTimeout">Limit of one request, body included (default 5 minutes): a server that stops answering must not hang the build.</param>
    public NotaryClient(HttpClient http, Uri serverUrl, IProgressLog? log = null, TimeSpan? requestTimeout = null)
    {
        _http = http;
        _server = serverUrl.AbsoluteUri.EndsWith('/') ? serverUrl : new Uri(serverUrl.AbsoluteUri + "/");
        _log = log ?? NullProgressLog.Instance;
        _requestTimeout = requestTimeout ?? TimeSpan.FromMinutes(5);
    }

    public Uri ServerUrl => _server;

    /// <summary>The current version of <paramref name="role"/>, or null when the server has none (404).</summary>
    public Task<byte[]?> GetRoleAsync(string gun, string role, CancellationToken cancellationToken) =>
        GetMetadataAsync(gun, $"{ValidRole(role)}.json", cancellationToken);

    /// <summary>The file whose SHA-256 is <paramref name="sha256Hex"/> (<c>&lt;role&gt;.&lt;hex&gt;.json</c>).</summary>
    public Task<byte[]?> GetRoleByChecksumAsync(string gun, string role, string sha256Hex, CancellationToken cancellationToken)
    {
        if (!Sha256Hex().IsMatch(sha256Hex))
        {
            throw new ArgumentException("Expected 64 lowercase hex characters.", nameof(sha256Hex));
        }

        return GetMetadataAsync(gun, $"{ValidRole(role)}.{sha256Hex}.json", cancellationToken);
    }

    /// <summary>A given version (<c>&lt;version&gt;.&lt;role&gt;.json</c>), e.g. to walk root rotations.</summary>
    public Task<byte[]?> GetRoleByVersionAsync(string gun, string role, int version, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return GetMetadataAsync(gun, $"{version}.{ValidRole(role)}.json", cancellationToken);
    }

    /// <summary>The server-held snapshot or timestamp public key; the server creates it on first request.</summary>
    public Task<TufKey> GetServerKeyAsync(string gun, string role, CancellationToken cancellationToken) =>
        ServerKeyAsync(HttpMethod.Get, gun, role, cancellationToken);

    /// <summary>Makes the server generate a new snapshot or timestamp key (needs admin scope) and returns it.</summary>
    public Task<TufKey> RotateServerKeyAsync(string gun, string role, CancellationToken cancellationToken) =>
        ServerKeyAsync(HttpMethod.Post, gun, role, cancellationToken);

    /// <summary>
    /// Uploads signed files in one atomic update (one multipart part per role). The server generates
    /// snapshot and timestamp when it holds their keys. A lost answer counts as published when the server
    /// holds exactly these files.
    /// </summary>
    /// <exception cref="SignPathDockerException">NotaryVersionConflict when another writer got there first; SignedTrustDataRejected when the server refuses the data.</exception>
    public async Task PublishAsync(string gun, IReadOnlyDictionary<string, byte[]> roleFiles, CancellationToken cancellationToken)
    {
        if (roleFiles.Count == 0)
        {
            throw new ArgumentException("Nothing to publish.", nameof(roleFiles));
        }

        try
        {
            await PostAsync(gun, roleFiles, cancellationToken);
            _log.Info($"Notary: published {string.Join(", ", roleFiles.Keys)} for {gun}.");
        }
        catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.NotaryRequestFailed && exception.InnerException is not null)
        {
            // The connection broke after sending: the server may have applied the update. Publishing again
            // would be refused as a version conflict, so ask the server whether it holds exactly our files.
            if (!await WasAppliedAsync(gun, roleFiles, cancellationToken))
            {
                throw;
            }

            _log.Info($"Notary: the answer to the publish was lost, but {gun} holds the published {string.Join(", ", roleFiles.Keys)}.");
        }
    }

    private async Task PostAsync(string gun, IReadOnlyDictionary<string, byte[]> roleFiles, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var content = new MultipartFormDataContent();
            foreach (var (role, file) in roleFiles)
            {
                var part = new ByteArrayContent(file);
                part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                // notary reads only the filename, and only if the part is named "files".
                part.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"files\"", FileName = $"\"{ValidRole(role)}\"" };
                content.Add(part);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, TufUri(gun, ""));
            request.Content = content;
            using var timeout = StartTimeout(cancellationToken);
            using var response = await SendAsync(request, timeout.Token, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                break;
            }

            // Busy or behind a failing gateway: repeating is safe, because an update that did get applied makes
            // the repeat a version conflict, which the publisher answers by starting over from fresh data.
            if (Registry.Http.RetryPolicy.IsRetryableStatus(response.StatusCode) && attempt < MaxPublishAttempts)
            {
                var wait = PublishRetryDelay(response, attempt);
                RetryProgress.Report(
                    _log,
                    RetryProgress.Server("Notary server", _server),
                    $"answered {(int)response.StatusCode} {response.ReasonPhrase} to the publish for {gun}",
                    attempt,
                    wait,
                    RetryProgress.AttemptsLeft(MaxPublishAttempts - attempt));
                await Task.Delay(wait, cancellationToken);
                continue;
            }

            throw await ReadingAsync(() => ErrorAsync(response, $"publish {string.Join(", ", roleFiles.Keys)} for {gun}", timeout.Token), cancellationToken);
        }
    }

    private async Task<bool> WasAppliedAsync(string gun, IReadOnlyDictionary<string, byte[]> roleFiles, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var (role, file) in roleFiles)
            {
                var stored = await GetRoleByChecksumAsync(gun, role, Convert.ToHexStringLower(SHA256.HashData(file)), cancellationToken);
                if (stored is null || !stored.AsSpan().SequenceEqual(file))
                {
                    return false;
                }
            }

            return true;
        }
        catch (SignPathDockerException)
        {
            // Still unreachable: report the original failure.
            return false;
        }
    }

    private async Task<TufKey> ServerKeyAsync(HttpMethod method, string gun, string role, CancellationToken cancellationToken)
    {
        if (role is not (TufRoleName.Snapshot or TufRoleName.Timestamp))
        {
            throw new ArgumentException("Only snapshot and timestamp keys are held by the server.", nameof(role));
        }

        using var request = new HttpRequestMessage(method, TufUri(gun, $"{role}.key"));
        using var timeout = StartTimeout(cancellationToken);
        using var response = await SendAsync(request, timeout.Token, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await ReadingAsync(() => ErrorAsync(response, $"{method} {role}.key for {gun}", timeout.Token), cancellationToken);
        }

        var body = await ReadingAsync(() => ReadBoundedAsync(response, MaxMetadataBytes, timeout.Token), cancellationToken);
        using var document = StrictJson.Parse(body, $"The server's {role} key");
        return TufKeyFactory.Parse(document.RootElement, null, $"The server's {role} key");
    }

    private async Task<byte[]?> GetMetadataAsync(string gun, string file, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, TufUri(gun, file));
            using var timeout = StartTimeout(cancellationToken);
            using var response = await SendAsync(request, timeout.Token, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw await ReadingAsync(() => ErrorAsync(response, $"GET {file} for {gun}", timeout.Token), cancellationToken);
            }

            try
            {
                return await ReadingAsync(() => ReadBoundedAsync(response, MaxMetadataBytes, timeout.Token), cancellationToken);
            }
            catch (SignPathDockerException exception) when (exception.InnerException is IOException or HttpRequestException && attempt < MaxBodyReadAttempts)
            {
                _log.Detail($"Notary: the answer to GET {file} broke off ({exception.InnerException!.Message}); asking again.");
            }
        }
    }

    private static TimeSpan PublishRetryDelay(HttpResponseMessage response, int attempt)
    {
        var delay = RetryDelays.Next(attempt - 1, RetryDelays.FromRetryAfter(response.Headers.RetryAfter, DateTimeOffset.UtcNow), TimeSpan.FromSeconds(1), MaxPublishRetryDelay);
        return delay > MaxPublishRetryDelay ? MaxPublishRetryDelay : delay;
    }

    private CancellationTokenSource StartTimeout(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        return timeout;
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken timeoutToken, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeoutToken);
        }
        catch (HttpRequestException exception)
        {
            var network = NetworkFailure.Classify(exception, request.RequestUri);
            if (!network.IsTransient && network.Kind != NetworkFailureKind.Other)
            {
                // A wrong host, certificate or local port: say which, and that NotaryUrl is where to fix it.
                throw new SignPathDockerException(
                    network.IsTls ? ErrorCodes.NotaryTlsFailed : ErrorCodes.NotaryUnreachable,
                    $"Cannot reach the Notary server: {network.Reason}.",
                    network.Hint("NotaryUrl"),
                    exception);
            }

            throw new SignPathDockerException(
                ErrorCodes.NotaryRequestFailed,
                $"Cannot reach the Notary server at {_server}: {exception.Message}",
                "Check the Notary server URL and that it is reachable from this machine.",
                exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(exception);
        }
    }

    /// <summary>Reads a response body: a broken or silent connection becomes an SPD error, not a raw exception.</summary>
    private async Task<T> ReadingAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken)
    {
        try
        {
            return await read();
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException)
        {
            throw new SignPathDockerException(
                ErrorCodes.NotaryRequestFailed,
                $"The connection to the Notary server at {_server} broke off while reading its answer: {exception.Message}",
                "Check the network path to the Notary server and run the build again; nothing was published by this request unless the server says so.",
                exception);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(exception);
        }
    }

    private SignPathDockerException TimedOut(Exception exception) =>
        new(
            ErrorCodes.NotaryRequestFailed,
            $"The Notary server at {_server} did not answer within {_requestTimeout.TotalSeconds:0.#} s.",
            "Check the Notary server and the network path to it, then run the build again.",
            exception);

    private static async Task<SignPathDockerException> ErrorAsync(HttpResponseMessage response, string action, CancellationToken cancellationToken)
    {
        var body = await ReadBoundedAsync(response, MaxErrorBytes, cancellationToken, truncate: true);
        var error = NotaryErrorResponse.Parse(body);
        var status = (int)response.StatusCode;
        var description = error is null ? $"HTTP {status}" : $"HTTP {status} {error}";
        return error?.Code switch
        {
            "VERSION" => new SignPathDockerException(
                ErrorCodes.NotaryVersionConflict,
                $"Notary refused to {action}: a newer version is already there ({description}).",
                "Another writer published at the same time; fetch, rebuild and sign again."),
            "INVALID_UPDATE" or "INVALID_ROLE" or "MALFORMED_JSON" or "MALFORMED_UPLOAD" or "NO_FILENAME" => new SignPathDockerException(
                ErrorCodes.SignedTrustDataRejected,
                $"Notary refused to {action}: {description}.",
                "Check that the signing key is the one listed for the role, and the signature method and format."),
            _ => new SignPathDockerException(ErrorCodes.NotaryRequestFailed, $"Notary request failed to {action}: {description}."),
        };
    }

    private static async Task<byte[]> ReadBoundedAsync(HttpResponseMessage response, int limit, CancellationToken cancellationToken, bool truncate = false)
    {
        if (response.Content.Headers.ContentLength > limit && !truncate)
        {
            throw TooLarge(limit);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                if (truncate)
                {
                    buffer.Write(chunk, 0, (int)(limit - buffer.Length));
                    break;
                }

                throw TooLarge(limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static SignPathDockerException TooLarge(int limit) =>
        new(ErrorCodes.NotaryRequestFailed, $"The Notary server sent more than {limit} bytes for one metadata file.");

    private Uri TufUri(string gun, string file) => new(_server, $"v2/{ValidGun(gun)}/_trust/tuf/{file}");

    private static string ValidRole(string role) =>
        TufRoleName.IsValid(role) ? role : throw new ArgumentException($"'{role}' is not a Notary role name.", nameof(role));

    private static string ValidGun(string gun) =>
        Gun().IsMatch(gun) && !gun.Contains("..", StringComparison.Ordinal)
            ? gun
            : throw new SignPathDockerException(ErrorCodes.InvalidImageReference, $"'{gun}' is not a valid Notary GUN (registry/repository).");

    [GeneratedRegex("^[a-f0-9]{64}$")]
    private static partial Regex Sha256Hex();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:/-]{0,254}$")]
    private static partial Regex Gun();
}
