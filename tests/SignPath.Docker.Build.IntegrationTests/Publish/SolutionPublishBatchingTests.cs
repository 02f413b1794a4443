using System.Text.Json;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// `dotnet publish Services.sln -t:PublishContainer -p:SignContainer=true` with several projects: with the
/// solution targets from the README, all images go to SignPath in one signing request per format.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class SolutionPublishBatchingTests(PublishRig rig, ITestOutputHelper output)
{
    [Fact]
    public async Task Publishing_a_solution_signs_every_project_in_one_signing_request()
    {
        using var solution = new UserSolution(rig, rig.Anonymous, ["svc-a", "svc-b", "svc-c"]);
        using var registry = new IndependentRegistryReader(rig.Anonymous);
        await solution.CreateAsync();
        await rig.Signer.ClearRequestsAsync();

        var published = await solution.PublishAsync([.. solution.SigningProperties(), $"-p:CosignPublicKey={rig.Signer.CosignPublicKeyPath}", "-v:n"]);
        output.WriteLine(published.ToString());

        Assert.Equal(0, published.ExitCode);
        var requests = await rig.Signer.GetRequestsAsync();
        var request = Assert.Single(requests);
        Assert.Equal(solution.Projects.Count, request.GetProperty("fileNames").EnumerateArray().Count(IsPayload));
        foreach (var repository in solution.Repositories)
        {
            var digest = await registry.DigestOfAsync(repository, "1.0");
            Assert.NotNull(digest);
            Assert.Equal(digest, await registry.DigestOfAsync(repository, "latest"));
            Assert.Contains("1 of 1 signature(s)", await registry.VerifyCosignAsync(repository, digest, rig.Signer.CosignPublicKeyPath), StringComparison.Ordinal);
        }
    }

    private static bool IsPayload(JsonElement name) => name.GetString()?.StartsWith("payload-", StringComparison.Ordinal) == true;
}
