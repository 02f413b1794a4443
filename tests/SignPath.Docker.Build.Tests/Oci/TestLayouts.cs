using System.Formats.Tar;
using System.Text;

namespace SignPath.Docker.Build.Tests.Oci;

/// <summary>Tars written entry by entry with the BCL's TarWriter, independent of the project's OciLayoutWriter.</summary>
internal static class TestLayouts
{
    public static readonly byte[] LayoutFile = Encoding.UTF8.GetBytes("{\"imageLayoutVersion\":\"1.0.0\"}");
    public static readonly byte[] EmptyIndex = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"manifests\":[]}");

    public static byte[] Tar(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                Write(writer, name, content);
            }
        }

        return buffer.ToArray();
    }

    public static void Write(TarWriter writer, string name, byte[] content)
    {
        TarEntry entry = writer.Format switch
        {
            TarEntryFormat.Gnu => new GnuTarEntry(TarEntryType.RegularFile, name),
            TarEntryFormat.Ustar => new UstarTarEntry(TarEntryType.RegularFile, name),
            _ => new PaxTarEntry(TarEntryType.RegularFile, name),
        };
        entry.DataStream = new MemoryStream(content);
        writer.WriteEntry(entry);
    }
}
