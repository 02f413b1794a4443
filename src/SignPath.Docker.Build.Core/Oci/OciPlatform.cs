namespace SignPath.Docker.Build.Oci;

/// <summary>
/// The <c>platform</c> of an image index entry (image-spec image-index.md). The spec requires architecture and os,
/// but the .NET SDK writes a partial platform into a single-RID layout's index.json; what was built is read as it is.
/// Spec: https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md.
/// </summary>
public sealed record OciPlatform(string? Architecture, string? Os)
{
    public string? Variant { get; init; }

    public string? OsVersion { get; init; }

    public IReadOnlyList<string>? OsFeatures { get; init; }

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}
