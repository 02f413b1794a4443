using System.Text.Json;
using System.Text.RegularExpressions;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Notary.SigningData;

/// <summary>
/// signing-data.json, the claim a signer checks the trust files against: per repository the GUN, the
/// delegation roles to sign and the tags (sha256 hex, length) that may change. Parsed strictly (unknown
/// members refused) because the signer's policy decision rests on it.
/// </summary>
internal static partial class NotarySigningManifest
{
    public const int Version = 1;
    public const int MaxRepositories = 100;
    public const int MaxTargets = 1000;
    private const string What = "signing-data.json";

    public sealed record Repository(string Gun, IReadOnlyList<string> DelegationRoles, IReadOnlyDictionary<string, TufFileMeta> Targets);

    public static byte[] Write(IEnumerable<Repository> repositories)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", Version);
            writer.WriteStartArray("repositories");
            foreach (var repository in repositories)
            {
                writer.WriteStartObject();
                writer.WriteString("gun", repository.Gun);
                writer.WriteStartArray("delegationRoles");
                foreach (var role in repository.DelegationRoles)
                {
                    writer.WriteStringValue(role);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("targets");
                // Sorted so the same claim always gives the same bytes.
                foreach (var (name, meta) in repository.Targets.OrderBy(target => target.Key, StringComparer.Ordinal))
                {
                    var sha256 = meta.Sha256 ?? throw new ArgumentException($"The claimed target '{name}' has no sha256 hash.", nameof(repositories));
                    writer.WriteStartObject();
                    writer.WriteString("name", name);
                    writer.WriteString("sha256", Convert.ToHexStringLower(sha256));
                    writer.WriteNumber("length", meta.Length);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public static IReadOnlyList<Repository> Parse(byte[] json)
    {
        try
        {
            using var document = StrictJson.Parse(json, What);
            var root = document.RootElement;
            RequireOnly(root, "the top level", "version", "repositories");
            if (TufJsonReader.Integer(root, "version", What) != Version)
            {
                throw Invalid($"version {root.GetProperty("version")} is not supported (only {Version})");
            }

            var items = TufJsonReader.Array(root, "repositories", What);
            if (items.GetArrayLength() is 0 or > MaxRepositories)
            {
                throw Invalid($"it must list 1 to {MaxRepositories} repositories");
            }

            var repositories = new List<Repository>();
            var guns = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items.EnumerateArray())
            {
                var repository = ParseRepository(item);
                if (!guns.Add(repository.Gun))
                {
                    throw Invalid($"the repository {repository.Gun} is listed twice");
                }

                repositories.Add(repository);
            }

            return repositories;
        }
        catch (SignPathDockerException exception) when (exception.Code == ErrorCodes.TrustDataInvalid)
        {
            throw new SignPathDockerException(ErrorCodes.NotarySigningDataInvalid, exception.Message, innerException: exception);
        }
    }

    private static Repository ParseRepository(JsonElement item)
    {
        RequireOnly(item, "a repository", "gun", "delegationRoles", "targets");
        var gun = TufJsonReader.String(item, "gun", What);
        if (gun.Length is 0 or > 255 || gun.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw Invalid($"\"{gun}\" is not a repository name");
        }

        var roles = TufJsonReader.StringArray(TufJsonReader.Array(item, "delegationRoles", What), What);
        if (roles.Count == 0 || roles.Distinct(StringComparer.Ordinal).Count() != roles.Count || roles.Any(role => !TufRoleName.IsDelegation(role)))
        {
            throw Invalid($"the delegation roles of {gun} must be distinct delegation names (targets/…), at least one");
        }

        var targetItems = TufJsonReader.Array(item, "targets", What);
        if (targetItems.GetArrayLength() is 0 or > MaxTargets)
        {
            throw Invalid($"{gun} must claim 1 to {MaxTargets} targets");
        }

        var targets = new Dictionary<string, TufFileMeta>(StringComparer.Ordinal);
        foreach (var target in targetItems.EnumerateArray())
        {
            RequireOnly(target, "a target", "name", "sha256", "length");
            var name = TufJsonReader.String(target, "name", What);
            var sha256 = TufJsonReader.String(target, "sha256", What);
            var length = TufJsonReader.Integer(target, "length", What);
            if (name.Length == 0 || !Sha256Hex().IsMatch(sha256) || length < 0)
            {
                throw Invalid($"the target '{name}' of {gun} needs a name, a lowercase hex sha256 and a length >= 0");
            }

            if (!targets.TryAdd(name, TufFileMeta.ForSha256(Convert.FromHexString(sha256), length)))
            {
                throw Invalid($"the target '{name}' of {gun} is claimed twice");
            }
        }

        return new Repository(gun, roles, targets);
    }

    private static void RequireOnly(JsonElement element, string where, params string[] names)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{where} is not an object");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!names.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Invalid($"{where} has the unknown member \"{property.Name}\"");
            }
        }
    }

    private static SignPathDockerException Invalid(string problem) =>
        new(ErrorCodes.NotarySigningDataInvalid, $"{What} is invalid: {problem}.");

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Sha256Hex();
}
