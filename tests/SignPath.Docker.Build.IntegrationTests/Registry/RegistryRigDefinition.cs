using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Registry;

[CollectionDefinition(Name)]
public sealed class RegistryRigDefinition : ICollectionFixture<RegistryRig>
{
    public const string Name = "registry rig";
}
