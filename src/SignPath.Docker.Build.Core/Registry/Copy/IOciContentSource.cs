namespace SignPath.Docker.Build.Registry.Copy;

/// <summary>
/// Where a graph copy reads content from: the .NET SDK's OCI image layout tar, the signed layout SignPath
/// returned, or memory. Every object (manifest, index, config, layer) is a blob addressed by its digest.
/// </summary>
internal interface IOciContentSource
{
    /// <summary>
    /// A fresh stream over the blob with <paramref name="digest"/>, each call (a retried upload reads it again).
    /// Throws when the source does not hold it.
    /// </summary>
    Stream OpenBlob(string digest);
}
