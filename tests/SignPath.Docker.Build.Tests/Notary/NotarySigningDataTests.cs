using System.IO.Compression;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.SigningData;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Tests.Notary;

public sealed class NotarySigningDataTests
{
    private static readonly TufFileMeta Manifest = TufFileMeta.ForSha256(Convert.FromHexString(new string('a', 64)), 578);

    private static NotarySigningRepository VectorRepository()
    {
        var trust = NotaryVectors.TrustData();
        var claimed = new Dictionary<string, TufFileMeta> { ["2.0"] = Manifest };
        return new NotarySigningRepository(trust, [
            DelegationUpdateBuilder.Build(trust, TufRoleName.Releases, claimed, NotaryVectors.Now),
            DelegationUpdateBuilder.Build(trust, "targets/signpath", claimed, NotaryVectors.Now),
        ]);
    }

    [Fact]
    public void RequestRoundTripsTheVectorTrustFilesByteForByte()
    {
        var repository = VectorRepository();

        var request = Assert.Single(NotarySigningData.ReadRequest(NotarySigningData.Create([repository])));

        Assert.Equal(NotaryVectors.Gun, request.Gun);
        Assert.Equal([TufRoleName.Releases, "targets/signpath"], request.DelegationRoles);
        Assert.Equal(NotaryVectors.Read("root.json"), request.Root);
        Assert.Equal(NotaryVectors.Read("timestamp.json"), request.Timestamp);
        Assert.Equal(NotaryVectors.Read("snapshot.json"), request.Snapshot);
        Assert.Equal(NotaryVectors.Read("targets.json"), request.Targets);
        Assert.Equal(NotaryVectors.Read("targets_releases.json"), Assert.Single(request.CurrentDelegations).Value);
        Assert.Equal(repository.Updates[0].CanonicalSigned, request.UnsignedRoles[TufRoleName.Releases]);
        Assert.Equal(repository.Updates[1].CanonicalSigned, request.UnsignedRoles["targets/signpath"]);
        var claim = Assert.Single(request.ClaimedTargets);
        Assert.Equal("2.0", claim.Key);
        Assert.True(claim.Value.SameAs(Manifest));
    }

    [Fact]
    public void CreateIsReproducibleAndUsesTheDocumentedEntryNames()
    {
        var zip = NotarySigningData.Create([VectorRepository()]);

        Assert.Equal(zip, NotarySigningData.Create([VectorRepository()]));
        using var archive = new ZipArchive(new MemoryStream(zip));
        Assert.Equal(
            [
                "signing-data.json",
                "repositories/0/trust/root.json",
                "repositories/0/trust/timestamp.json",
                "repositories/0/trust/snapshot.json",
                "repositories/0/trust/targets.json",
                "repositories/0/trust/targets/releases.json",
                "repositories/0/unsigned/targets/releases.json",
                "repositories/0/unsigned/targets/signpath.json",
            ],
            archive.Entries.Select(entry => entry.FullName));
    }

    [Fact]
    public void ReadRequestRefusesAnUnexpectedEntry()
    {
        var zip = AddEntry(NotarySigningData.Create([VectorRepository()]), "repositories/0/trust/targets/other.json", "{}");

        var exception = Assert.Throws<SignPathDockerException>(() => NotarySigningData.ReadRequest(zip));

        Assert.Equal(ErrorCodes.NotarySigningDataInvalid, exception.Code);
        Assert.Contains("not expected", exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"version\":1,\"repositories\":[],\"extra\":1}", "unknown member")]
    [InlineData("{\"version\":2,\"repositories\":[]}", "version")]
    [InlineData("{\"version\":1,\"repositories\":[{\"gun\":\"g\",\"delegationRoles\":[\"releases\"],\"targets\":[]}]}", "delegation roles")]
    [InlineData("{\"version\":1,\"repositories\":[{\"gun\":\"g\",\"delegationRoles\":[\"targets/releases\"],\"targets\":[{\"name\":\"1\",\"sha256\":\"AB\",\"length\":1}]}]}", "sha256")]
    public void ReadRequestParsesSigningDataStrictly(string manifest, string expected)
    {
        var zip = Zip(("signing-data.json", manifest));

        var exception = Assert.Throws<SignPathDockerException>(() => NotarySigningData.ReadRequest(zip));

        Assert.Equal(ErrorCodes.NotarySigningDataInvalid, exception.Code);
        Assert.Contains(expected, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRequestRefusesTraversal()
    {
        var exception = Assert.Throws<SignPathDockerException>(() => NotarySigningData.ReadRequest(Zip(("../signing-data.json", "{}"))));

        Assert.Equal(ErrorCodes.NotarySigningDataInvalid, exception.Code);
        Assert.Contains("unsafe path", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadSignedRefusesAChangedSubmittedEntryAndAMissingSignature()
    {
        var repository = VectorRepository();
        var zip = NotarySigningData.Create([repository]);

        var changed = Assert.Throws<SignPathDockerException>(() =>
            NotarySigningData.ReadSigned(Replace(zip, "repositories/0/trust/root.json", "{}"), [repository]));
        var unsigned = Assert.Throws<SignPathDockerException>(() => NotarySigningData.ReadSigned(zip, [repository]));

        Assert.Equal(ErrorCodes.InvalidSignedArtifact, changed.Code);
        Assert.Contains("differs", changed.Message, StringComparison.Ordinal);
        Assert.Contains("repositories/0/signed/targets/releases.json", unsigned.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadSignedFileNeedsTheSignedEntries()
    {
        var unsigned = NotarySigningData.Create([VectorRepository()]);

        var exception = Assert.Throws<SignPathDockerException>(() => NotarySigningData.ReadSignedFile(unsigned));

        Assert.Equal(ErrorCodes.InvalidSignedArtifact, exception.Code);
        Assert.Contains("repositories/0/signed/targets/releases.json", exception.Message, StringComparison.Ordinal);
        Assert.Contains("not signed", exception.Message, StringComparison.Ordinal);
    }

    private static byte[] Zip(params (string Name, string Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name).Open();
                stream.Write(Encoding.UTF8.GetBytes(content));
            }
        }

        return buffer.ToArray();
    }

    private static byte[] AddEntry(byte[] zip, string name, string content) => Edit(zip, archive =>
    {
        using var stream = archive.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    });

    private static byte[] Replace(byte[] zip, string name, string content) => Edit(zip, archive =>
    {
        archive.GetEntry(name)!.Delete();
        using var stream = archive.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    });

    private static byte[] Edit(byte[] zip, Action<ZipArchive> edit)
    {
        using var buffer = new MemoryStream();
        buffer.Write(zip);
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Update, leaveOpen: true))
        {
            edit(archive);
        }

        return buffer.ToArray();
    }
}
