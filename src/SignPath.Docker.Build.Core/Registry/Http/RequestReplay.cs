namespace SignPath.Docker.Build.Registry.Http;

/// <summary>Makes a request sendable again: handlers resend the same message after a 401, a retry or a scheme fallback.</summary>
internal static class RequestReplay
{
    /// <summary>Buffers a body that could not be re-read otherwise; byte-array bodies and factory-made bodies need nothing.</summary>
    public static async Task EnsureReplayableAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is null or ByteArrayContent || request.Options.TryGetValue(RegistryRequestOptions.ContentFactory, out _))
        {
            return;
        }

        await request.Content.LoadIntoBufferAsync(cancellationToken);
    }

    public static void PrepareForResend(HttpRequestMessage request)
    {
        if (request.Options.TryGetValue(RegistryRequestOptions.ContentFactory, out var factory))
        {
            request.Content?.Dispose();
            request.Content = factory();
        }
    }
}
