using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Tests.Notary;

/// <summary>Trust data made by the notary 0.7.0 CLI against notary-server (see Vectors/notary-v1/README.md).</summary>
internal static class NotaryVectors
{
    public const string Gun = "localhost:5000/sample/app";

    /// <summary>A moment when every vector file is still valid (the timestamp expires 2026-12-12).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 0, 0, 0, TimeSpan.Zero);

    public static byte[] Read(string file) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", "notary-v1", file));

    public static TufEnvelope Envelope(string file) => TufEnvelope.Parse(Read(file), file);

    public static TrustData TrustData()
    {
        var root = Envelope("root.json");
        var timestamp = Envelope("timestamp.json");
        var snapshot = Envelope("snapshot.json");
        var targets = Envelope("targets.json");
        var releases = Envelope("targets_releases.json");
        return new TrustData
        {
            Gun = Gun,
            Root = new(root, TufRoot.Parse(root.SignedObject)),
            Timestamp = new(timestamp, TufTimestamp.Parse(timestamp.SignedObject)),
            Snapshot = new(snapshot, TufSnapshot.Parse(snapshot.SignedObject)),
            Targets = new(targets, TufTargets.Parse(targets.SignedObject, "targets")),
            Delegations = new Dictionary<string, TufSigned<TufTargets>>
            {
                [TufRoleName.Releases] = new(releases, TufTargets.Parse(releases.SignedObject, TufRoleName.Releases)),
            },
        };
    }
}
