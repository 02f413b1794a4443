using SignPath.Docker.Build.Pkcs11;
using Xunit;

namespace SignPath.Docker.Build.Tests.Pkcs11;

public sealed class Pkcs11StoreOptionsTests
{
    [Fact]
    public void ToStringLeavesOutThePin()
    {
        var options = new Pkcs11StoreOptions { ModulePath = "/m.so", TokenLabel = "t", Pin = "secret-4711" };

        Assert.DoesNotContain("secret-4711", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("/m.so", options.ToString(), StringComparison.Ordinal);
    }
}
