using System.IO.Compression;
using System.Text.Json.Nodes;
using SignPath.Docker.Build.IntegrationTests.Notary;
using SignPath.Docker.Build.Notary.SigningData;
using SignPath.Docker.Build.Notary.Tuf;
using SignPath.Docker.Build.SignPath;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// PrepareNotarySigningData and PushNotarySigningData for pipelines that talk to SignPath themselves: the
/// prepared zip goes to the LocalSigner through the core SignPathClient, the signed zip comes back and is
/// pushed to a real notary-server; the notary CLI's `list` is the verifier.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class NotaryLowLevelTaskTests(PublishRig rig, HttpNotaryRig notary, ITestOutputHelper output) : IClassFixture<HttpNotaryRig>
{
    private const string Targets = """
        <Project>
          <Target Name="Prepare">
            <PrepareNotarySigningData ImageReference="$(Image)" Tags="$(Tags)" SigningDataFile="$(SigningData)"
                                      NotaryUrl="$(NotaryUrl)" NotaryTrustDirectory="$(NotaryTrustDirectory)" />
          </Target>
          <Target Name="Push">
            <PushNotarySigningData SigningDataFile="$(SigningData)" NotaryUrl="$(NotaryUrl)" NotaryTrustDirectory="$(NotaryTrustDirectory)" />
          </Target>
        </Project>
        """;

    [Fact]
    public async Task Prepared_data_signed_through_SignPath_is_pushed_and_the_notary_cli_lists_the_tags()
    {
        await using var setup = await NotarySigningSetup.CreateAsync(rig, notary, "e2e/dct-lowlevel", "1.0", "latest");
        using var project = CreateProject();

        var prepared = await RunAsync(project, setup, "Prepare", "prepared.zip", $"-p:Image={setup.Gun}:1.0", "-p:Tags=latest");
        Assert.True(prepared.ExitCode == 0, prepared.ToString());
        await SignAsync(setup, project, "prepared.zip", "signed.zip");
        var pushed = await RunAsync(project, setup, "Push", "signed.zip");
        output.WriteLine(pushed.ToString());

        Assert.True(pushed.ExitCode == 0, pushed.ToString());
        await setup.AssertListedAsync("1.0", "latest");
    }

    [Fact]
    public async Task Tampered_or_unsigned_signing_data_is_refused_and_nothing_is_published()
    {
        await using var setup = await NotarySigningSetup.CreateAsync(rig, notary, "e2e/dct-lowlevel-tampered", "1.0");
        using var project = CreateProject();
        var prepared = await RunAsync(project, setup, "Prepare", "prepared.zip", $"-p:Image={setup.Gun}:1.0");
        Assert.True(prepared.ExitCode == 0, prepared.ToString());
        await SignAsync(setup, project, "prepared.zip", "signed.zip");
        var before = await setup.SnapshotAsync();
        TamperSignedReleases(Path.Combine(project.Directory, "signed.zip"));

        var tampered = await RunAsync(project, setup, "Push", "signed.zip");
        var unsigned = await RunAsync(project, setup, "Push", "prepared.zip");
        output.WriteLine(tampered.ToString());
        output.WriteLine(unsigned.ToString());

        Assert.NotEqual(0, tampered.ExitCode);
        Assert.Contains("error SPD5010", tampered.Output, StringComparison.Ordinal);
        Assert.Contains("The signed update of targets/releases is refused: it has no valid signature by the delegation key registered for it", tampered.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, unsigned.ExitCode);
        Assert.Contains("error SPD3009", unsigned.Output, StringComparison.Ordinal);
        Assert.Contains("it is not signed", unsigned.Output, StringComparison.Ordinal);
        Assert.Equal(before, await setup.SnapshotAsync());
        Assert.Contains("No targets present", await setup.ListAsync("targets/releases"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Push_after_another_writer_published_asks_to_prepare_again_and_publishes_nothing()
    {
        await using var setup = await NotarySigningSetup.CreateAsync(rig, notary, "e2e/dct-lowlevel-moved", "1.0", "latest");
        using var project = CreateProject();
        var first = await RunAsync(project, setup, "Prepare", "first.zip", $"-p:Image={setup.Gun}:1.0");
        var second = await RunAsync(project, setup, "Prepare", "second.zip", $"-p:Image={setup.Gun}:latest");
        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first.ToString() + second);
        await SignAsync(setup, project, "first.zip", "first.signed.zip");
        await SignAsync(setup, project, "second.zip", "second.signed.zip");

        var pushedSecond = await RunAsync(project, setup, "Push", "second.signed.zip");
        Assert.True(pushedSecond.ExitCode == 0, pushedSecond.ToString());
        var before = await setup.SnapshotAsync();
        var pushedFirst = await RunAsync(project, setup, "Push", "first.signed.zip");
        output.WriteLine(pushedFirst.ToString());

        Assert.NotEqual(0, pushedFirst.ExitCode);
        Assert.Contains("error SPD5013", pushedFirst.Output, StringComparison.Ordinal);
        Assert.Contains("changed since the signing data was prepared", pushedFirst.Output, StringComparison.Ordinal);
        Assert.Contains("Run PrepareNotarySigningData again", pushedFirst.Output, StringComparison.Ordinal);
        Assert.Equal(before, await setup.SnapshotAsync());
        await setup.AssertListedAsync("latest");
    }

    private UserProject CreateProject()
    {
        var project = new UserProject(rig);
        File.WriteAllText(Path.Combine(project.Directory, "Directory.Build.targets"), Targets);
        return project;
    }

    private static Task<DotnetResult> RunAsync(UserProject project, NotarySigningSetup setup, string target, string signingData, params string[] properties) =>
        project.RunAsync(
        [
            "msbuild", project.ProjectPath, "-restore", $"-t:{target}", "-nologo", "-tl:off",
            $"-p:SigningData={Path.Combine(project.Directory, signingData)}",
            .. setup.SigningProperties(project.Directory).Where(p => p.StartsWith("-p:Notary", StringComparison.Ordinal)),
            .. properties,
        ]);

    /// <summary>What a pipeline does between the two tasks: submit the prepared zip to SignPath and download the signed one.</summary>
    private static async Task SignAsync(NotarySigningSetup setup, UserProject project, string preparedFile, string signedFile)
    {
        using var client = new SignPathClient(setup.Signer.CreateClientOptions());
        await using var artifact = File.OpenRead(Path.Combine(project.Directory, preparedFile));
        await using var signed = File.Create(Path.Combine(project.Directory, signedFile));
        await client.SignAsync(
            new SigningRequestSubmission
            {
                ProjectSlug = setup.Signer.ProjectSlug,
                SigningPolicySlug = setup.Signer.SigningPolicySlug,
                ArtifactConfigurationSlug = "notary",
                Artifact = artifact,
                ArtifactFileName = NotarySigningData.FileName,
            },
            signed,
            CancellationToken.None);
    }

    /// <summary>Adds a target to the signed targets/releases but keeps its signatures, as an attacker on the way back would.</summary>
    private static void TamperSignedReleases(string signedZip)
    {
        using var archive = ZipFile.Open(signedZip, ZipArchiveMode.Update);
        var entry = archive.GetEntry(NotarySigningData.SignedEntry(0, "targets/releases"))!;
        JsonNode envelope;
        using (var stream = entry.Open())
        {
            envelope = JsonNode.Parse(stream)!;
        }

        var targets = envelope["signed"]!["targets"]!.AsObject();
        targets["evil"] = targets["1.0"]!.DeepClone();
        entry.Delete();
        using var writer = archive.CreateEntry(NotarySigningData.SignedEntry(0, "targets/releases")).Open();
        writer.Write(TufEnvelope.Write(CanonicalJson.Serialize(envelope["signed"]!), envelope["signatures"]!.AsArray().Select(signature =>
            new TufSignature(signature!["keyid"]!.GetValue<string>(), signature["method"]!.GetValue<string>(), Convert.FromBase64String(signature["sig"]!.GetValue<string>())))));
    }
}
