using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Tasks;

/// <summary>Between MSBuild items and the core library's image records.</summary>
internal static class ImageTaskItems
{
    /// <summary>Metadata the targets set on images PublishContainer pushed in this build: their digest needs no existence check.</summary>
    public const string PushedByBuildMetadata = "PushedByBuild";

    /// <summary>Metadata with the manifest text the SDK pushed (GeneratedContainerManifest); gives the size without a HEAD.</summary>
    public const string ManifestMetadata = "Manifest";

    public static List<ImageInput> Inputs(ITaskItem[] items) =>
    [
        .. items.Select(item => new ImageInput(
            item.ItemSpec,
            NullIfEmpty(item.GetMetadata("Digest")),
            NullIfEmpty(item.GetMetadata(ManifestMetadata)),
            string.Equals(item.GetMetadata(PushedByBuildMetadata), "true", StringComparison.OrdinalIgnoreCase))),
    ];

    public static ITaskItem Output(SignedImageOutput signed)
    {
        var item = new TaskItem(signed.Identity);
        foreach (var (name, value) in signed.Metadata)
        {
            item.SetMetadata(name, value);
        }

        return item;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
