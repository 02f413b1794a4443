using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using SignPath.Docker.Build.Oci;

namespace SignPath.Docker.Build.Tests.Notation;

/// <summary>The Notation vectors (Vectors/notation/README.md): the trusted root, the target every envelope signs, and the files.</summary>
internal static class NotationVectors
{
    public static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "Vectors", "notation");

    public static readonly X509Certificate2 Root = Certificate("root.pem");

    public static readonly OciDescriptor Target = ReadTarget();

    public static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(Directory, file));

    public static X509Certificate2 Certificate(string file) => X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(Directory, file)));

    private static OciDescriptor ReadTarget()
    {
        using var document = JsonDocument.Parse(Read("target.json"));
        return OciDescriptor.Parse(document.RootElement, "target");
    }
}
