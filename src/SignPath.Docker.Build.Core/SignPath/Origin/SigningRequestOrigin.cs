namespace SignPath.Docker.Build.SignPath.Origin;

/// <summary>
/// Where the signed artifact came from, as SignPath shows it to approvers and checks it when a signing policy
/// verifies origin (https://docs.signpath.io/origin-verification). Null fields are unknown and not sent.
/// </summary>
public sealed record SigningRequestOrigin
{
    public static readonly SigningRequestOrigin None = new();

    private const string SourceControlManagementTypeField = "Origin.RepositoryData.SourceControlManagementType";
    private const string RepositoryUrlField = "Origin.RepositoryData.Url";
    private const string BranchNameField = "Origin.RepositoryData.BranchName";
    private const string CommitIdField = "Origin.RepositoryData.CommitId";
    private const string BuildUrlField = "Origin.BuildData.Url";

    /// <summary>e.g. <c>git</c>.</summary>
    public string? SourceControlManagementType { get; init; }

    public string? RepositoryUrl { get; init; }

    /// <summary>A branch name as SignPath's "allowed branch names" match it (<c>main</c>, <c>release/1.0</c>), not a ref.</summary>
    public string? BranchName { get; init; }

    public string? CommitId { get; init; }

    public string? BuildUrl { get; init; }

    public bool IsEmpty => Fields.Count == 0;

    /// <summary>
    /// The multipart fields, named as SignPath's PowerShell module (-Origin keys) and Jenkins plugin send them.
    /// Origin.BuildData.BuildSettingsFile (a file part) is not sent: no CI here hands the package such a file.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Fields
    {
        get
        {
            var fields = new List<KeyValuePair<string, string>>(5);
            Add(fields, SourceControlManagementTypeField, SourceControlManagementType);
            Add(fields, RepositoryUrlField, RepositoryUrl);
            Add(fields, BranchNameField, BranchName);
            Add(fields, CommitIdField, CommitId);
            Add(fields, BuildUrlField, BuildUrl);
            return fields;
        }
    }

    /// <summary>What a server received: the fields <see cref="Fields"/> writes, read back by name.</summary>
    public static SigningRequestOrigin FromFields(Func<string, string?> field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return FirstKnown(new SigningRequestOrigin
        {
            SourceControlManagementType = field(SourceControlManagementTypeField),
            RepositoryUrl = field(RepositoryUrlField),
            BranchName = field(BranchNameField),
            CommitId = field(CommitIdField),
            BuildUrl = field(BuildUrlField),
        });
    }

    /// <summary>Each field from the first source that knows it.</summary>
    public static SigningRequestOrigin FirstKnown(params SigningRequestOrigin[] sources) => new()
    {
        SourceControlManagementType = First(sources, o => o.SourceControlManagementType),
        RepositoryUrl = First(sources, o => o.RepositoryUrl),
        BranchName = First(sources, o => o.BranchName),
        CommitId = First(sources, o => o.CommitId),
        BuildUrl = First(sources, o => o.BuildUrl),
    };

    /// <summary>For build logs; the URLs in here are already free of credentials (<see cref="OriginUrl"/>).</summary>
    public override string ToString() => IsEmpty
        ? "(none)"
        : string.Join(", ", Fields.Select(field => $"{field.Key["Origin.".Length..]}={field.Value}"));

    private static void Add(List<KeyValuePair<string, string>> fields, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            fields.Add(new(name, value.Trim()));
        }
    }

    private static string? First(SigningRequestOrigin[] sources, Func<SigningRequestOrigin, string?> field) =>
        sources.Select(field).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value))?.Trim();
}
