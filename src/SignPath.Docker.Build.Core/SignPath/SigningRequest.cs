namespace SignPath.Docker.Build.SignPath;

/// <summary>A submitted signing request: its API URL (the Location header) and where a human can look at it.</summary>
public sealed record SigningRequest(Guid Id, Uri Url, Uri WebLink);
