using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.SignPath;

[CollectionDefinition(Name)]
public sealed class SharedLocalSigner : ICollectionFixture<LocalSignerFixture>
{
    public const string Name = "LocalSigner";
}
