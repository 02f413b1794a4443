namespace SignPath.Docker.Build.IntegrationTests.Publish;

/// <summary>
/// One unsigned image, published by the first test of a class that needs it and reused by the rest, for classes whose
/// tests sign (or fail to sign) the same image again and again. A class fixture: xUnit runs a class's tests one after
/// the other, and cannot hand a collection fixture (<see cref="PublishRig"/>) to a class fixture's constructor, so the
/// test passes the rig in.
/// </summary>
public sealed class PublishedImage
{
    private string? digest;

    /// <summary>Publishes <paramref name="repository"/>:1.0 to the anonymous registry unless done already; its digest.</summary>
    public async Task<string> DigestAsync(PublishRig rig, string repository)
    {
        if (digest is null)
        {
            using var project = new UserProject(rig);
            using var registry = new IndependentRegistryReader(rig.Anonymous);
            var pushed = await project.PublishAsync(UserProject.ContainerProperties(rig.Anonymous, repository, "1.0"));
            Assert.True(pushed.ExitCode == 0, pushed.ToString());
            digest = await registry.DigestOfAsync(repository, "1.0") ?? throw new InvalidOperationException($"{repository}:1.0 is missing after its publish");
        }

        return digest;
    }
}
