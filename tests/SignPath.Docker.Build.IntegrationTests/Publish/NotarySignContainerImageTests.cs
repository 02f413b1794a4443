using SignPath.Docker.Build.IntegrationTests.Notary;
using Xunit.Abstractions;

namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// `-t:SignContainerImage -p:ContainerSignatureFormats=notary` on an image given by reference, against a real
/// notary-server; honest and tampered output of the signing service. The notary CLI's `list` and the server's
/// metadata files are the verifiers.
/// </summary>
[Collection(PublishRigDefinition.Name)]
public sealed class NotarySignContainerImageTests(PublishRig rig, HttpNotaryRig notary, ITestOutputHelper output) : IClassFixture<HttpNotaryRig>
{
    [Fact]
    public async Task SignContainerImage_by_reference_signs_the_tag_and_the_notary_cli_lists_it()
    {
        await using var setup = await NotarySigningSetup.CreateAsync(rig, notary, "e2e/dct-reference", "1.0");
        using var project = new UserProject(rig);

        var signed = await project.SignAsync([.. setup.SigningProperties(project.Directory), $"-p:ContainerImageReference={setup.Gun}:1.0"], setup.Environment);
        output.WriteLine(signed.ToString());

        Assert.True(signed.ExitCode == 0, signed.ToString());
        Assert.Contains("warning SPD5012", signed.Output, StringComparison.Ordinal);
        await setup.AssertListedAsync("1.0");
    }

    /// <summary>Issue 6: every repository of a build goes to SignPath in one Docker signing data zip.</summary>
    [Fact]
    public async Task SignContainerImage_signs_three_repositories_with_one_signing_request()
    {
        var setups = new List<NotarySigningSetup>();
        try
        {
            foreach (var name in new[] { "e2e/dct-batch-a", "e2e/dct-batch-b", "e2e/dct-batch-c" })
            {
                setups.Add(await NotarySigningSetup.CreateAsync(rig, notary, name, "1.0", "2.0"));
            }

            // One signer for the whole build, holding the roots of all three repositories.
            var signing = setups[0];
            foreach (var other in setups.Skip(1))
            {
                await NotaryPublishScenario.RegisterRootAsync(notary, signing.Signer, other.Gun);
            }

            using var project = new UserProject(rig);
            var images = string.Concat(setups.SelectMany(setup => new[] { "1.0", "2.0" }.Select(tag => $"<ContainerImageToSign Include=\"{setup.Gun}:{tag}\" />")));
            await File.WriteAllTextAsync(Path.Combine(project.Directory, "Directory.Build.props"), $"<Project><ItemGroup>{images}</ItemGroup></Project>");

            var signed = await project.SignAsync(signing.SigningProperties(project.Directory), signing.Environment);
            output.WriteLine(signed.ToString());

            Assert.True(signed.ExitCode == 0, signed.ToString());
            Assert.Single(await signing.Signer.GetRequestsAsync());
            foreach (var setup in setups)
            {
                await setup.AssertListedAsync("1.0", "2.0");
            }
        }
        finally
        {
            foreach (var setup in setups)
            {
                await setup.DisposeAsync();
            }
        }
    }

    /// <summary>The signing service checks the request as usual and then validly signs something else; the build must refuse it.</summary>
    [Theory]
    [InlineData("notary-extra-target", "it adds the unclaimed target 'tampered-extra'")]
    [InlineData("notary-wrong-digest", "the target '2.0' does not have the claimed digest and length")]
    [InlineData("notary-stale-version", "version 1 is not above the current version 1")]
    [InlineData("notary-other-key", "it has no valid signature by the delegation key registered for it")]
    [InlineData("bad-signature", "it has no valid signature by the delegation key registered for it")]
    public async Task Tampered_signer_output_fails_the_build_and_leaves_the_repository_unchanged(string fault, string reason)
    {
        await using var setup = await NotarySigningSetup.CreateAsync(rig, notary, $"e2e/dct-{fault}", "1.0", "2.0");
        using var project = new UserProject(rig);
        // A first, honest signature gives targets/releases a version a stale one could replay.
        var first = await project.SignAsync([.. setup.SigningProperties(project.Directory), $"-p:ContainerImageReference={setup.Gun}:1.0"], setup.Environment);
        Assert.True(first.ExitCode == 0, first.ToString());
        var before = await setup.SnapshotAsync();

        await setup.Signer.InjectFaultAsync(new { kind = fault, count = 1 });
        var tampered = await project.SignAsync([.. setup.SigningProperties(project.Directory), $"-p:ContainerImageReference={setup.Gun}:2.0"], setup.Environment);
        output.WriteLine(tampered.ToString());

        Assert.NotEqual(0, tampered.ExitCode);
        Assert.Contains("error SPD5010", tampered.Output, StringComparison.Ordinal);
        Assert.Contains($"The signed update of targets/releases is refused: {reason}", tampered.Output, StringComparison.Ordinal);
        Assert.Contains("nothing was published", tampered.Output, StringComparison.Ordinal);
        Assert.Equal(before, await setup.SnapshotAsync());
        await setup.AssertListedAsync("1.0");
    }
}
