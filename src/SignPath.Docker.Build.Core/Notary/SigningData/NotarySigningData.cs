using System.IO.Compression;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Notary.SigningData;

/// <summary>
/// The "Docker signing data" zip submitted to SignPath for Docker Content Trust (layout: docs/notary-signing-data.md).
/// It carries everything a signer needs to decide on its own: the current trust files exactly as fetched,
/// the claim (signing-data.json) and the unsigned new delegation versions. The signer returns the same
/// entries plus repositories/&lt;i&gt;/signed/&lt;role&gt;.json, the signed envelopes.
/// </summary>
public static class NotarySigningData
{
    public const string FileName = "docker-signing-data.zip";
    public const string ManifestEntry = "signing-data.json";

    // Trust files grow with the number of tags (~200 bytes each); 8 MiB leaves room for tens of thousands.
    private const long MaxEntryBytes = 8 * 1024 * 1024;
    private const long MaxTotalBytes = 256 * 1024 * 1024;

    public static string TrustEntry(int index, string role) => $"repositories/{index}/trust/{role}.json";

    public static string UnsignedEntry(int index, string role) => $"repositories/{index}/unsigned/{role}.json";

    public static string SignedEntry(int index, string role) => $"repositories/{index}/signed/{role}.json";

    public static byte[] Create(IReadOnlyList<NotarySigningRepository> repositories)
    {
        ArgumentNullException.ThrowIfNull(repositories);
        var entries = Entries(repositories);
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                var entry = archive.CreateEntry(name, ZipEntryCompression.For(content.Length));
                // A fixed timestamp keeps the artifact reproducible for the same input.
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                stream.Write(content);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Extracts, per repository (same order as submitted), role → signed envelope bytes. Submitted entries
    /// returned must be byte-identical; what the envelopes sign (the submitted bytes, the claim) and by whom
    /// is checked next by <see cref="DelegationUpdateChecker.CheckSigned"/> against the trust data.
    /// </summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, byte[]>> ReadSigned(byte[] signedZip, IReadOnlyList<NotarySigningRepository> request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var submitted = Entries(request);
        var signedNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Count; i++)
        {
            signedNames.UnionWith(request[i].DelegationRoles.Select(role => SignedEntry(i, role)));
        }

        var entries = SafeZipArchive.Read(
            signedZip, name => submitted.ContainsKey(name) || signedNames.Contains(name), MaxEntryBytes, MaxTotalBytes, submitted.Count + signedNames.Count);
        foreach (var (name, content) in entries)
        {
            if (submitted.TryGetValue(name, out var original) && !content.AsSpan().SequenceEqual(original))
            {
                throw InvalidSigned($"{name} differs from what was submitted");
            }
        }

        var result = new List<IReadOnlyDictionary<string, byte[]>>(request.Count);
        for (var i = 0; i < request.Count; i++)
        {
            var roles = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var update in request[i].Updates)
            {
                var name = SignedEntry(i, update.Role);
                if (!entries.TryGetValue(name, out var signed))
                {
                    throw InvalidSigned($"it has no {name}");
                }

                RequireEnvelope(signed, name);
                roles[update.Role] = signed;
            }

            result.Add(roles);
        }

        return result;
    }

    /// <summary>The signer's side: reads the zip and signing-data.json strictly; nothing is verified cryptographically yet.</summary>
    public static IReadOnlyList<NotarySigningRequestRepository> ReadRequest(byte[] zip)
    {
        var entries = ReadEntries(zip);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var repositories = ParseRequest(entries, used);
        RequireAllUsed(entries, used);
        return repositories;
    }

    /// <summary>
    /// PushNotarySigningData's side: reads a signed zip on its own (the build that prepared it is gone): the
    /// request as submitted plus role → signed envelope. The envelopes are checked later against fresh trust data.
    /// </summary>
    public static IReadOnlyList<NotarySignedRepository> ReadSignedFile(byte[] signedZip)
    {
        var entries = ReadEntries(signedZip);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var repositories = ParseRequest(entries, used);
        var result = new List<NotarySignedRepository>(repositories.Count);
        foreach (var repository in repositories)
        {
            var signed = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var role in repository.DelegationRoles)
            {
                var name = SignedEntry(repository.Index, role);
                if (!entries.TryGetValue(name, out var envelope))
                {
                    throw new SignPathDockerException(
                        ErrorCodes.InvalidSignedArtifact,
                        $"The Docker signing data has no {name}: it is not signed.",
                        "Pass the signed artifact downloaded from SignPath (not the prepared, unsigned file); nothing was published.");
                }

                used.Add(name);
                RequireEnvelope(envelope, name);
                signed[role] = envelope;
            }

            result.Add(new NotarySignedRepository(repository, signed));
        }

        RequireAllUsed(entries, used);
        return result;
    }

    private static IReadOnlyDictionary<string, byte[]> ReadEntries(byte[] zip)
    {
        try
        {
            return SafeZipArchive.Read(zip, _ => true, MaxEntryBytes, MaxTotalBytes);
        }
        catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.InvalidSignedArtifact)
        {
            // SafeZipArchive words its refusals for returned artifacts; keep the reason, not the wording.
            throw InvalidRequest(exception.Message.Replace("The signed artifact returned by the signing service was refused: ", string.Empty, StringComparison.Ordinal).TrimEnd('.'));
        }
    }

    /// <summary>Parses signing-data.json and the submitted entries it implies; adds every entry it reads to <paramref name="used"/>.</summary>
    private static List<NotarySigningRequestRepository> ParseRequest(IReadOnlyDictionary<string, byte[]> entries, HashSet<string> used)
    {
        var manifest = NotarySigningManifest.Parse(entries.GetValueOrDefault(ManifestEntry) ?? throw InvalidRequest($"it has no {ManifestEntry}"));
        used.Add(ManifestEntry);
        byte[] Required(string name) => used.Add(name) && entries.TryGetValue(name, out var content) ? content : throw InvalidRequest($"it has no {name}");

        var repositories = new List<NotarySigningRequestRepository>();
        for (var i = 0; i < manifest.Count; i++)
        {
            var repository = manifest[i];
            var current = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            var unsigned = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            foreach (var role in repository.DelegationRoles)
            {
                if (entries.TryGetValue(TrustEntry(i, role), out var file))
                {
                    used.Add(TrustEntry(i, role));
                    current[role] = file;
                }

                unsigned[role] = Required(UnsignedEntry(i, role));
            }

            repositories.Add(new NotarySigningRequestRepository
            {
                Index = i,
                Gun = repository.Gun,
                DelegationRoles = repository.DelegationRoles,
                ClaimedTargets = repository.Targets,
                Root = Required(TrustEntry(i, TufRoleName.Root)),
                Timestamp = Required(TrustEntry(i, TufRoleName.Timestamp)),
                Snapshot = Required(TrustEntry(i, TufRoleName.Snapshot)),
                Targets = Required(TrustEntry(i, TufRoleName.Targets)),
                CurrentDelegations = current,
                UnsignedRoles = unsigned,
            });
        }

        return repositories;
    }

    private static void RequireAllUsed(IReadOnlyDictionary<string, byte[]> entries, HashSet<string> used)
    {
        if (entries.Keys.FirstOrDefault(name => !used.Contains(name)) is { } unexpected)
        {
            throw InvalidRequest($"the entry '{unexpected}' was not expected");
        }
    }

    private static void RequireEnvelope(byte[] signed, string name)
    {
        try
        {
            TufEnvelope.Parse(signed, name);
        }
        catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.TrustDataInvalid)
        {
            throw InvalidSigned(exception.Message);
        }
    }

    /// <summary>Every submitted entry, in a stable order: manifest first, then per repository trust and unsigned files.</summary>
    private static Dictionary<string, byte[]> Entries(IReadOnlyList<NotarySigningRepository> repositories)
    {
        if (repositories.Count is 0 or > NotarySigningManifest.MaxRepositories)
        {
            throw new ArgumentException($"Between 1 and {NotarySigningManifest.MaxRepositories} repositories can be signed at once.", nameof(repositories));
        }

        var manifest = repositories.Select(repository => new NotarySigningManifest.Repository(
            repository.Trust.Gun, repository.DelegationRoles, repository.ClaimedTargets));
        // Insertion order is kept by Dictionary when nothing is removed; Create relies on it for stable zips.
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal) { [ManifestEntry] = NotarySigningManifest.Write(manifest) };
        for (var i = 0; i < repositories.Count; i++)
        {
            var repository = repositories[i];
            if (repository.Updates.Count == 0)
            {
                throw new ArgumentException($"No delegation update for {repository.Trust.Gun}.", nameof(repositories));
            }

            var trust = repository.Trust;
            entries[TrustEntry(i, TufRoleName.Root)] = trust.Root.Envelope.FileBytes;
            entries[TrustEntry(i, TufRoleName.Timestamp)] = trust.Timestamp.Envelope.FileBytes;
            entries[TrustEntry(i, TufRoleName.Snapshot)] = trust.Snapshot.Envelope.FileBytes;
            entries[TrustEntry(i, TufRoleName.Targets)] = trust.Targets.Envelope.FileBytes;
            foreach (var update in repository.Updates)
            {
                if (trust.Delegations.TryGetValue(update.Role, out var current))
                {
                    entries[TrustEntry(i, update.Role)] = current.Envelope.FileBytes;
                }

                if (!entries.TryAdd(UnsignedEntry(i, update.Role), update.CanonicalSigned))
                {
                    throw new ArgumentException($"{update.Role} of {trust.Gun} is updated twice.", nameof(repositories));
                }
            }
        }

        return entries;
    }

    private static SignPathDockerException InvalidSigned(string reason) => new(
        ErrorCodes.InvalidSignedArtifact,
        $"The signed Docker signing data was refused: {reason}.",
        "The SignPath artifact configuration must be the Docker signing data one (see docs/notary-signing-data.md); nothing was pushed.");

    private static SignPathDockerException InvalidRequest(string reason) =>
        new(ErrorCodes.NotarySigningDataInvalid, $"The Docker signing data is invalid: {reason}.");
}
