namespace SignPath.Docker.Build.Tests.SignPath;

internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string UserAgent, string? Body);
