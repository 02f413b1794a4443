using System.Text.Json;
using SignPath.Docker.Build.IntegrationTests.Notary;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>
/// What notary-server holds for one GUN, read around the proxy: the `notary list` output of the reference CLI
/// (which verifies the whole TUF chain) and the version of every role.
/// </summary>
internal sealed record NotaryState(string Listing, string Versions)
{
    private static readonly string[] Roles = ["root", "targets", "snapshot", "timestamp", "targets/releases", "targets/signpath"];

    public static async Task<NotaryState> ReadAsync(NotaryRig rig, HttpClient http, string trustDirectory, string gun)
    {
        var listing = await rig.NotaryCliAsync(trustDirectory, "list", gun);
        var versions = new List<string>();
        foreach (var role in Roles)
        {
            using var response = await http.GetAsync(new Uri(rig.ServerUrl, $"v2/{gun}/_trust/tuf/{role}.json"));
            if (!response.IsSuccessStatusCode)
            {
                versions.Add($"{role}=none");
                continue;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
            versions.Add($"{role}={document.RootElement.GetProperty("signed").GetProperty("version").GetInt32()}");
        }

        return new NotaryState(Normalize(listing), string.Join(" ", versions));
    }

    /// <summary>True when <paramref name="tag"/> is listed with this SHA-256 (hex) and size.</summary>
    public bool Lists(string tag, string sha256, int size) =>
        Listing.Split('\n').Any(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var name, var digest, var length, ..]
            && name == tag && digest == sha256 && length == size.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Every line of <paramref name="earlier"/>'s listing is still here.</summary>
    public bool Keeps(NotaryState earlier) => earlier.Listing.Split('\n').All(line => Listing.Split('\n').Contains(line));

    private static string Normalize(string listing) =>
        string.Join('\n', listing.Split('\n').Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries))).Where(l => l.Length > 0).Order(StringComparer.Ordinal));
}
