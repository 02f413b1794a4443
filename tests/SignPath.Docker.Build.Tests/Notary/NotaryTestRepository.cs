using System.Security.Cryptography;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.Notary.SigningData;
using SignPath.Docker.Build.Notary.Trust;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Pkcs11;
using SignPath.Docker.LocalSigner.Processing;

namespace SignPath.Docker.Build.Tests.Notary;

/// <summary>
/// Trust data made in memory with keys we hold (the vectors' private keys are gone): a root certificate
/// with CN = GUN, a targets key (also used for snapshot and timestamp), and the LocalSigner's delegation
/// key delegated targets/releases and targets/signpath; targets/releases v1 signs the tag "1.0".
/// </summary>
internal sealed class NotaryTestRepository : IDisposable
{
    public const string Gun = NotaryVectors.Gun;
    public const string SignPathRole = "targets/signpath";
    public static readonly DateTimeOffset Now = NotaryVectors.Now;

    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _targetsKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private NotaryTestRepository()
    {
        RootCertificatePem = GoPemEncoding.EncodeCertificate(NotaryRootCertificateFactory.Create(
            _rootKey.ExportSubjectPublicKeyInfo(),
            digest => _rootKey.SignHash(digest, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            Gun,
            Now.AddDays(-1)).RawData);
        DelegationKey = NotaryDelegationKey.CreateInMemory(Now.AddDays(-1));
    }

    public string RootCertificatePem { get; }

    public NotaryDelegationKey DelegationKey { get; }

    public TrustData Trust { get; private set; } = null!;

    public static TufFileMeta Manifest(string content) => TufFileMeta.ForSha256(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(content)), content.Length);

    public static async Task<NotaryTestRepository> CreateAsync()
    {
        var repository = new NotaryTestRepository();
        await repository.BuildAsync();
        return repository;
    }

    public NotaryRootRegistry Registry()
    {
        var registry = new NotaryRootRegistry();
        registry.Add(RootCertificatePem, Gun);
        return registry;
    }

    /// <summary>
    /// Runs the LocalSigner's notary configuration (a <see cref="NotarySigningPolicy"/> with this repository's
    /// delegation key, at <see cref="Now"/>) over the signing request; returns its outcome and the signed zip.
    /// </summary>
    public async Task<(ArtifactProcessingOutcome Outcome, byte[] SignedZip)> ProcessAsync(NotarySigningRepository request, NotaryRootRegistry? registry = null, bool corrupt = false, string? tampering = null)
    {
        var processor = new NotaryArtifactProcessor(new NotarySigningPolicy(registry ?? Registry(), DelegationKey, new FixedTime(Now)));
        using var output = new MemoryStream();
        var outcome = await processor.ProcessAsync(
            new ArtifactProcessingContext
            {
                UnsignedArtifact = new MemoryStream(NotarySigningData.Create([request])),
                ArtifactFileName = NotarySigningData.FileName,
                Parameters = new Dictionary<string, string>(),
                CorruptSignatures = corrupt,
                NotaryTampering = tampering,
            },
            output,
            CancellationToken.None);
        return (outcome, output.ToArray());
    }

    public void Dispose()
    {
        DelegationKey.Dispose();
        _rootKey.Dispose();
        _targetsKey.Dispose();
    }

    private static async Task<TufEnvelope> SignAsync(JsonNode signed, ITufSigner signer, string what) =>
        TufEnvelope.Parse(await TufEnvelope.SignAsync(CanonicalJson.Serialize(signed), [signer], CancellationToken.None), what);

    private static JsonObject RoleKeys(string keyId) => new() { ["keyids"] = new JsonArray(keyId), ["threshold"] = 1 };

    private static JsonObject Meta(TufEnvelope envelope) => TufFileMeta.ForContent(envelope.FileBytes).ToJson();

    private async Task BuildAsync()
    {
        using var rootCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(RootCertificatePem);
        var rootSigner = new LocalTufSigner(_rootKey, rootCertificate);
        var targetsSigner = new LocalTufSigner(_targetsKey);
        var rootId = rootSigner.PublicKey.KeyId;
        var targetsId = targetsSigner.PublicKey.KeyId;
        var expires = TufTime.Format(Now.AddYears(3));

        var root = await SignAsync(
            new JsonObject
            {
                ["_type"] = TufRoot.TypeName,
                ["consistent_snapshot"] = false,
                ["expires"] = TufTime.Format(Now.AddYears(10)),
                ["keys"] = new JsonObject
                {
                    [rootId] = JsonNode.Parse(rootSigner.PublicKey.CanonicalJson),
                    [targetsId] = JsonNode.Parse(targetsSigner.PublicKey.CanonicalJson),
                },
                ["roles"] = new JsonObject
                {
                    [TufRoleName.Root] = RoleKeys(rootId),
                    [TufRoleName.Snapshot] = RoleKeys(targetsId),
                    [TufRoleName.Targets] = RoleKeys(targetsId),
                    [TufRoleName.Timestamp] = RoleKeys(targetsId),
                },
                ["version"] = 1,
            },
            rootSigner,
            "root.json");

        var delegationKey = DelegationKey.PublicKey;
        var targetsRole = new TufTargets
        {
            Version = 1,
            Expires = Now.AddYears(3),
            Targets = new Dictionary<string, TufFileMeta>(),
            Delegations = new TufDelegations(
                new Dictionary<string, TufKey> { [delegationKey.KeyId] = delegationKey },
                [
                    new TufDelegationRole(TufRoleName.Releases, [delegationKey.KeyId], 1, [""]),
                    new TufDelegationRole(SignPathRole, [delegationKey.KeyId], 1, [""]),
                ]),
        };
        var targets = await SignAsync(targetsRole.ToJson(), targetsSigner, "targets.json");

        var releasesRole = new TufTargets
        {
            Version = 1,
            Expires = Now.AddYears(3),
            Targets = new Dictionary<string, TufFileMeta> { ["1.0"] = Manifest("one") },
        };
        var releases = await SignAsync(releasesRole.ToJson(), DelegationKey.Signer, TufRoleName.Releases);

        var snapshot = await SignAsync(
            new JsonObject
            {
                ["_type"] = TufSnapshot.TypeName,
                ["expires"] = expires,
                ["meta"] = new JsonObject { ["root"] = Meta(root), ["targets"] = Meta(targets), [TufRoleName.Releases] = Meta(releases) },
                ["version"] = 1,
            },
            targetsSigner,
            "snapshot.json");
        var timestamp = await SignAsync(
            new JsonObject
            {
                ["_type"] = "Timestamp",
                ["expires"] = TufTime.Format(Now.AddDays(14)),
                ["meta"] = new JsonObject { ["snapshot"] = Meta(snapshot) },
                ["version"] = 1,
            },
            targetsSigner,
            "timestamp.json");

        Trust = new TrustData
        {
            Gun = Gun,
            Root = new(root, TufRoot.Parse(root.SignedObject)),
            Timestamp = new(timestamp, TufTimestamp.Parse(timestamp.SignedObject)),
            Snapshot = new(snapshot, TufSnapshot.Parse(snapshot.SignedObject)),
            Targets = new(targets, TufTargets.Parse(targets.SignedObject, "targets.json")),
            Delegations = new Dictionary<string, TufSigned<TufTargets>> { [TufRoleName.Releases] = new(releases, releasesRole) },
        };
    }
}
