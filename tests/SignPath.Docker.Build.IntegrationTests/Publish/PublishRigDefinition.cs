namespace SignPath.Docker.Build.IntegrationTests.Publish;

[CollectionDefinition(Name)]
public sealed class PublishRigDefinition : ICollectionFixture<PublishRig>
{
    public const string Name = "publish rig";
}
