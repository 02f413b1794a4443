using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Pkcs11;

/// <summary>All tests on the SoftHSM token share one token and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SoftHsmTestGroup : ICollectionFixture<SoftHsmFixture>
{
    public const string Name = "SoftHSM";
}
