using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Http;
using SignPath.Docker.Build.Registry.Credentials;
using SignPath.Docker.Build.Registry.Http;

namespace SignPath.Docker.Build.Registry;

/// <summary>
/// The OCI distribution API over one reused HttpClient (see <see cref="RegistryHttpPipeline"/> for auth, retries
/// and the http fallback). Everything read by digest is verified; everything written is checked against the
/// digest the registry reports.
/// </summary>
public sealed class RegistryClient : IRegistryClient, IDisposable
{
    private const string OctetStream = "application/octet-stream";
    private const string DockerContentDigest = "Docker-Content-Digest";
    private const string OciSubject = "OCI-Subject";

    /// <summary>How often a GET is asked again when its body breaks off after the headers.</summary>
    private const int MaxBodyReadAttempts = 3;

    private readonly RegistryClientOptions _options;
    private readonly IProgressLog _log;
    private readonly HttpClient _http;
    private readonly RetryPolicy _uploadRetry;
    private readonly InsecureRegistryPolicy _insecure;

    public RegistryClient(RegistryClientOptions? options = null, IProgressLog? log = null)
        : this(options ?? new RegistryClientOptions(), log ?? NullProgressLog.Instance, transport: null, credentials: null, delay: null)
    {
    }

    /// <summary>For tests: a fake transport and instant delays.</summary>
    internal RegistryClient(
        RegistryClientOptions options,
        IProgressLog log,
        HttpMessageHandler? transport,
        IRegistryCredentialProvider? credentials,
        Func<TimeSpan, CancellationToken, Task>? delay)
    {
        if (options.ChunkSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "ChunkSize must be positive.");
        }

        _options = options;
        _log = log;
        _insecure = InsecureRegistryPolicy.FromOptions(options);
        _uploadRetry = RetryPolicy.FromOptions(options, delay);
        _http = RegistryHttpPipeline.CreateClient(RegistryHttpPipeline.Create(options, log, Statistics, credentials, transport, delay));
    }

    /// <summary>Everything this client sent, including auth handshakes and retries.</summary>
    public RegistryRequestStatistics Statistics { get; } = new();

    public Task<RegistryManifest?> GetManifestAsync(RepositoryReference repository, string reference, CancellationToken cancellationToken)
    {
        var byDigest = IsDigest(reference);
        var operation = $"Reading manifest {repository}{Separator(reference)}{reference}";
        return GetAsync(
            () =>
            {
                var request = Scoped(new HttpRequestMessage(HttpMethod.Get, ManifestUri(repository, reference)), repository);
                AddManifestAccept(request);
                return request;
            },
            repository.Registry,
            operation,
            notFoundIsNull: true,
            async response =>
            {
                var content = byDigest
                    ? await BoundedReader.ReadVerifiedAsync(response.Content, reference, _options.MaxManifestBytes, "manifest", cancellationToken)
                    : await BoundedReader.ReadAsync(response.Content, _options.MaxManifestBytes, cancellationToken, what: "manifest");
                var manifest = new RegistryManifest(MediaTypeOf(response, content), content);

                var reported = ReportedDigest(response);
                if (reported is not null && ContentDigest.IsValid(reported) && !ContentDigest.Matches(reported, content))
                {
                    throw new SignPathDockerException(
                        ErrorCodes.DigestMismatch,
                        $"The registry says {repository}:{reference} is {reported}, but the manifest it returned hashes to {manifest.Digest}.",
                        "The registry or a proxy altered the manifest; do not sign it.");
                }

                return manifest;
            },
            cancellationToken);
    }

    public async Task<ManifestDescriptor?> HeadManifestAsync(RepositoryReference repository, string reference, CancellationToken cancellationToken)
    {
        using var request = Scoped(new HttpRequestMessage(HttpMethod.Head, ManifestUri(repository, reference)), repository);
        AddManifestAccept(request);
        var operation = $"Checking manifest {repository}{Separator(reference)}{reference}";
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, repository.Registry, operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, operation, cancellationToken);
        var digest = ReportedDigest(response);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (digest is null || !ContentDigest.IsValid(digest) || mediaType is null)
        {
            // Some registries leave HEAD bare; the manifest itself tells everything.
            var manifest = await GetManifestAsync(repository, reference, cancellationToken);
            return manifest is null ? null : new ManifestDescriptor(manifest.MediaType, manifest.Digest, manifest.Content.LongLength);
        }

        if (IsDigest(reference) && !string.Equals(digest, reference, StringComparison.Ordinal))
        {
            throw new SignPathDockerException(
                ErrorCodes.DigestMismatch,
                $"Asked for {repository}@{reference}, the registry reported {digest}.",
                "The registry answered for different content; do not sign it.");
        }

        return new ManifestDescriptor(mediaType, digest, response.Content.Headers.ContentLength ?? 0);
    }

    public async Task<string> PutManifestAsync(RepositoryReference repository, string reference, RegistryManifest manifest, CancellationToken cancellationToken) =>
        (await PutManifestCoreAsync(repository, reference, manifest, cancellationToken)).Digest;

    public async Task<bool> PutReferrerManifestAsync(RepositoryReference repository, RegistryManifest manifest, CancellationToken cancellationToken) =>
        (await PutManifestCoreAsync(repository, manifest.Digest, manifest, cancellationToken)).SubjectAccepted;

    private async Task<(string Digest, bool SubjectAccepted)> PutManifestCoreAsync(RepositoryReference repository, string reference, RegistryManifest manifest, CancellationToken cancellationToken)
    {
        if (IsDigest(reference) && !string.Equals(reference, manifest.Digest, StringComparison.Ordinal))
        {
            throw new SignPathDockerException(
                ErrorCodes.DigestMismatch,
                $"Cannot store a manifest with digest {manifest.Digest} under the digest {reference}.",
                "Push by tag, or by the manifest's own digest.");
        }

        using var request = Scoped(new HttpRequestMessage(HttpMethod.Put, ManifestUri(repository, reference)) { Content = new ByteArrayContent(manifest.Content) }, repository);
        request.Content!.Headers.ContentType = new MediaTypeHeaderValue(manifest.MediaType);
        var operation = $"Pushing manifest {repository}{Separator(reference)}{reference}";
        using var response = await SendAsync(request, HttpCompletionOption.ResponseContentRead, repository.Registry, operation, cancellationToken);
        await EnsureSuccessAsync(response, operation, cancellationToken);

        var reported = ReportedDigest(response);
        if (reported is not null && !string.Equals(reported, manifest.Digest, StringComparison.Ordinal))
        {
            throw new SignPathDockerException(
                ErrorCodes.DigestMismatch,
                $"The registry stored {repository}{Separator(reference)}{reference} as {reported}, but the manifest sent hashes to {manifest.Digest}.",
                "The registry rewrote the manifest (some convert media types); signatures over our digest would not match. Use a registry that stores manifests unchanged.");
        }

        _log.Detail($"Pushed manifest {repository}{Separator(reference)}{reference} ({manifest.Digest}).");
        return (reported ?? manifest.Digest, response.Headers.Contains(OciSubject));
    }

    private async Task<bool> BlobExistsAsync(RepositoryReference repository, string digest, CancellationToken cancellationToken)
    {
        ContentDigest.Validate(digest, "blob");
        using var request = Scoped(new HttpRequestMessage(HttpMethod.Head, BlobUri(repository, digest)), repository);
        var operation = $"Checking blob {digest} in {repository}";
        using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, repository.Registry, operation, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, operation, cancellationToken);
        return true;
    }

    public Task PushBlobAsync(RepositoryReference repository, string digest, long length, Func<Stream> openContent, CancellationToken cancellationToken) =>
        PushBlobAsync(repository, digest, length, openContent, mountFrom: null, cancellationToken);

    public async Task PushBlobAsync(RepositoryReference repository, string digest, long length, Func<Stream> openContent, string? mountFrom, CancellationToken cancellationToken)
    {
        ContentDigest.Validate(digest, "blob");
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (await BlobExistsAsync(repository, digest, cancellationToken))
        {
            _log.Detail($"Blob {digest} already in {repository}.");
            return;
        }

        await UploadBlobAsync(repository, digest, length, openContent, mountFrom, cancellationToken);
    }

    public Task UploadBlobAsync(RepositoryReference repository, string digest, long length, Func<Stream> openContent, CancellationToken cancellationToken) =>
        UploadBlobAsync(repository, digest, length, openContent, mountFrom: null, cancellationToken);

    private async Task UploadBlobAsync(RepositoryReference repository, string digest, long length, Func<Stream> openContent, string? mountFrom, CancellationToken cancellationToken)
    {
        ContentDigest.Validate(digest, "blob");
        ArgumentOutOfRangeException.ThrowIfNegative(length);

        // Upload sessions cannot be resumed portably, so a transient failure restarts the whole upload.
        var waited = TimeSpan.Zero;
        for (var attempt = 0; ; attempt++)
        {
            var delay = _uploadRetry.NextDelay(attempt, null);
            try
            {
                if (await UploadAsync(repository, digest, length, openContent, mountFrom, cancellationToken))
                {
                    _log.Detail($"Mounted blob {digest} from {mountFrom} into {repository}.");
                    return;
                }

                _log.Detail($"Pushed blob {digest} ({length} bytes) to {repository}.");
                return;
            }
            catch (RegistryException ex) when (ex.IsTransient && waited + delay <= _uploadRetry.Budget)
            {
                _log.Detail($"Upload of {digest} to {repository} failed ({ex.Message}); restarting in {delay.TotalSeconds:0.#} s.");
                await _uploadRetry.Delay(delay, cancellationToken);
                waited += delay;
            }
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Uploads the blob; true when the registry mounted it from <paramref name="mountFrom"/> instead.</summary>
    private async Task<bool> UploadAsync(RepositoryReference repository, string digest, long length, Func<Stream> openContent, string? mountFrom, CancellationToken cancellationToken)
    {
        var operation = $"Uploading blob {digest} to {repository}";
        var (session, mounted) = await StartUploadAsync(repository, digest, mountFrom, operation, cancellationToken);
        if (mounted || session is null)
        {
            return true;
        }

        var location = session;

        if (length <= _options.ChunkSize)
        {
            using var put = Scoped(new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)), repository);
            HttpContent CreateContent()
            {
                var content = new StreamContent(openContent());
                content.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
                content.Headers.ContentLength = length;
                return content;
            }

            put.Content = CreateContent();
            put.Options.Set(RegistryRequestOptions.ContentFactory, CreateContent);
            put.Options.Set(RegistryRequestOptions.DisableRetry, true);
            await CompleteUploadAsync(put, repository, digest, operation, cancellationToken);
            return false;
        }

        await using var stream = openContent();
        var buffer = new byte[_options.ChunkSize];
        long offset = 0;
        while (true)
        {
            var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                break;
            }

            using var patch = Scoped(new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(buffer, 0, read) }, repository);
            patch.Content!.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
            // Distribution's form: "<first>-<last>" without the "bytes " unit.
            patch.Content.Headers.TryAddWithoutValidation("Content-Range", $"{offset}-{offset + read - 1}");
            using var response = await SendAsync(patch, HttpCompletionOption.ResponseContentRead, repository.Registry, operation, cancellationToken);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                await EnsureSuccessAsync(response, operation, cancellationToken);
            }

            location = NextLocation(patch.RequestUri!, response, operation);
            offset += read;
        }

        if (offset != length)
        {
            throw new SignPathDockerException(
                ErrorCodes.DigestMismatch,
                $"Blob {digest} was announced as {length} bytes, but its content stream held {offset}.",
                "The file changed while it was uploaded.");
        }

        using var finish = Scoped(new HttpRequestMessage(HttpMethod.Put, WithDigest(location, digest)) { Content = new ByteArrayContent([]) }, repository);
        finish.Content!.Headers.ContentType = new MediaTypeHeaderValue(OctetStream);
        finish.Options.Set(RegistryRequestOptions.DisableRetry, true);
        await CompleteUploadAsync(finish, repository, digest, operation, cancellationToken);
        return false;
    }

    /// <summary>
    /// Opens an upload session. With <paramref name="mountFrom"/> the same POST asks for a cross-repository mount
    /// first: 201 means mounted (nothing to upload), 202 opens the session as a plain POST would
    /// (distribution-spec "Mounting a blob from another repository").
    /// </summary>
    private async Task<(Uri? Location, bool Mounted)> StartUploadAsync(RepositoryReference repository, string digest, string? mountFrom, string operation, CancellationToken cancellationToken)
    {
        var path = mountFrom is null
            ? "blobs/uploads/"
            : $"blobs/uploads/?mount={Uri.EscapeDataString(digest)}&from={Uri.EscapeDataString(mountFrom)}";
        using var post = Scoped(new HttpRequestMessage(HttpMethod.Post, new Uri(RepositoryBase(repository), path)) { Content = new ByteArrayContent([]) }, repository, mountFrom);
        using var response = await SendAsync(post, HttpCompletionOption.ResponseContentRead, repository.Registry, operation, cancellationToken);
        if (mountFrom is not null && response.StatusCode == HttpStatusCode.Created)
        {
            return (null, true);
        }

        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            await EnsureSuccessAsync(response, operation, cancellationToken);
        }

        return (NextLocation(post.RequestUri!, response, operation), false);
    }

    private async Task CompleteUploadAsync(HttpRequestMessage put, RepositoryReference repository, string digest, string operation, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(put, HttpCompletionOption.ResponseContentRead, repository.Registry, operation, cancellationToken);
        await EnsureSuccessAsync(response, operation, cancellationToken);
        var reported = ReportedDigest(response);
        if (reported is not null && !string.Equals(reported, digest, StringComparison.Ordinal))
        {
            throw new SignPathDockerException(
                ErrorCodes.DigestMismatch,
                $"The registry stored the blob as {reported}, but it was pushed as {digest}.",
                "The registry or a proxy altered the upload.");
        }
    }

    private Uri NextLocation(Uri requestUri, HttpResponseMessage response, string operation)
    {
        var location = response.Headers.Location ?? throw new SignPathDockerException(
            ErrorCodes.RegistryRequestFailed,
            $"{operation} failed: the registry answered {(int)response.StatusCode} without a Location for the upload session.",
            "The registry does not follow the OCI distribution spec for uploads.");
        return ResolveLocation(requestUri, location);
    }

    /// <summary>Relative Locations resolve against the request; absolute ones may not downgrade to http unless allowed.</summary>
    private Uri ResolveLocation(Uri requestUri, Uri location)
    {
        var resolved = location.IsAbsoluteUri ? location : new Uri(requestUri, location);
        if (resolved.Scheme == Uri.UriSchemeHttp && requestUri.Scheme == Uri.UriSchemeHttps && !_insecure.AllowsHttp(resolved))
        {
            throw new SignPathDockerException(
                ErrorCodes.InsecureRegistryRefused,
                $"The registry {requestUri.Authority} sent the upload to plain http ({resolved.GetLeftPart(UriPartial.Authority)}); refused.",
                "Fix the registry's external URL configuration, or list the registry in DOTNET_CONTAINER_INSECURE_REGISTRIES if plain http is intended.");
        }

        if (resolved.Scheme != Uri.UriSchemeHttp && resolved.Scheme != Uri.UriSchemeHttps)
        {
            throw new SignPathDockerException(
                ErrorCodes.RegistryRequestFailed,
                $"The registry {requestUri.Authority} sent an upload Location with scheme '{resolved.Scheme}'.",
                "The registry does not follow the OCI distribution spec for uploads.");
        }

        return resolved;
    }

    /// <summary>
    /// A GET whose body is read by <paramref name="readBody"/>, asked again when the body breaks off after the
    /// headers: the retry handler only sees failures up to the headers, and a GET is safe to repeat.
    /// </summary>
    private async Task<T?> GetAsync<T>(
        Func<HttpRequestMessage> createRequest,
        string registry,
        string operation,
        bool notFoundIsNull,
        Func<HttpResponseMessage, Task<T>> readBody,
        CancellationToken cancellationToken)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = createRequest();
            using var response = await SendAsync(request, HttpCompletionOption.ResponseHeadersRead, registry, operation, cancellationToken);
            if (notFoundIsNull && response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            await EnsureSuccessAsync(response, operation, cancellationToken);
            try
            {
                return await readBody(response);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException)
            {
                if (attempt >= MaxBodyReadAttempts)
                {
                    throw RegistryErrors.FromNetworkFailure(exception, registry, operation);
                }

                _log.Detail($"{operation}: the answer broke off ({exception.Message}); asking again.");
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, HttpCompletionOption completion, string registry, string operation, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            return await _http.SendAsync(request, completion, timeout.Token);
        }
        catch (HttpRequestException ex)
        {
            throw RegistryErrors.FromNetworkFailure(ex, registry, operation);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw RegistryErrors.FromNetworkFailure(new TimeoutException($"No answer within {_options.RequestTimeout}.", ex), registry, operation);
        }
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await RegistryErrors.FromResponseAsync(response, operation, cancellationToken);
        }
    }

    /// <summary>States the token scope of a request to <paramref name="repository"/>: pull for reads, pull,push for writes.</summary>
    /// <param name="mountFrom">The repository a blob is mounted from: its pull scope is added.</param>
    private static HttpRequestMessage Scoped(HttpRequestMessage request, RepositoryReference repository, string? mountFrom = null)
    {
        var push = request.Method != HttpMethod.Get && request.Method != HttpMethod.Head;
        request.Options.Set(RegistryRequestOptions.Scope, RegistryScope.For(repository.Repository, push, mountFrom));
        return request;
    }

    private static void AddManifestAccept(HttpRequestMessage request)
    {
        foreach (var mediaType in MediaTypes.AcceptedManifestTypes)
        {
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(mediaType));
        }
    }

    /// <summary>Content-Type, unless missing or generic; then the manifest's own mediaType field.</summary>
    private static string MediaTypeOf(HttpResponseMessage response, byte[] content)
    {
        var contentType = response.Content.Headers.ContentType?.MediaType;
        if (contentType is not null && contentType != "application/json" && contentType != OctetStream && contentType != "text/plain")
        {
            return contentType;
        }

        try
        {
            using var document = JsonDocument.Parse(content);
            if (document.RootElement.TryGetProperty("mediaType", out var mediaType) && mediaType.GetString() is { Length: > 0 } declared)
            {
                return declared;
            }
        }
        catch (JsonException)
        {
            // Not JSON: fall back to whatever the registry said.
        }

        return contentType ?? MediaTypes.OciManifest;
    }

    private static string? ReportedDigest(HttpResponseMessage response) =>
        response.Headers.TryGetValues(DockerContentDigest, out var values) ? values.FirstOrDefault()?.Trim() : null;

    private static bool IsDigest(string reference) => reference.Contains(':', StringComparison.Ordinal);

    private static string Separator(string reference) => IsDigest(reference) ? "@" : ":";

    /// <summary>https always; the fallback handler switches loopback/insecure registries to http when TLS is absent.</summary>
    internal static Uri RepositoryBase(RepositoryReference repository)
    {
        var host = DockerHubAliases.IsDockerHub(repository.Registry) ? "registry-1.docker.io" : repository.Registry;
        return new Uri($"https://{host}/v2/{repository.Repository}/");
    }

    private static Uri ManifestUri(RepositoryReference repository, string reference) =>
        new(RepositoryBase(repository), "manifests/" + reference);

    private static Uri BlobUri(RepositoryReference repository, string digest) =>
        new(RepositoryBase(repository), "blobs/" + digest);

    private static Uri WithDigest(Uri location, string digest)
    {
        var builder = new UriBuilder(location);
        var query = builder.Query.TrimStart('?');
        builder.Query = (query.Length > 0 ? query + "&" : string.Empty) + "digest=" + Uri.EscapeDataString(digest);
        return builder.Uri;
    }
}
