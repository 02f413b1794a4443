using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Pkcs11;

using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Pkcs11;

[Collection(SoftHsmTestGroup.Name)]
public sealed class Pkcs11ErrorTests(SoftHsmFixture softHsm)
{
    private const string WrongPin = "wrong-pin-M3v8Tq";

    [Fact]
    public void WrongPinIsALoginFailureThatNamesThePinSettingButNotThePin()
    {
        var error = Assert.Throws<SignPathDockerException>(() => Pkcs11KeyStore.Open(SoftHsmFixture.Options(pin: WrongPin)));

        Assert.Equal(ErrorCodes.Pkcs11LoginFailed, error.Code);
        Assert.Contains("Pkcs11Pin", error.Hint, StringComparison.Ordinal);
        Assert.Contains("PKCS11_PIN", error.Hint, StringComparison.Ordinal);
        AssertNoPin(error);
    }

    [Fact]
    public void StoreOpensAgainAfterAWrongPin()
    {
        Assert.Throws<SignPathDockerException>(() => Pkcs11KeyStore.Open(SoftHsmFixture.Options(pin: WrongPin)));

        using var store = SoftHsmFixture.OpenStore();

        Assert.Equal(SoftHsmFixture.TokenLabel, store.TokenLabel);
    }

    [Fact]
    public void UnknownTokenLabelIsReportedWithTheLabelsPresent()
    {
        var error = Assert.Throws<SignPathDockerException>(() => Pkcs11KeyStore.Open(SoftHsmFixture.Options(tokenLabel: "no-such-token")));

        Assert.Equal(ErrorCodes.Pkcs11TokenNotFound, error.Code);
        Assert.Contains("no-such-token", error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{SoftHsmFixture.TokenLabel}'", error.Message, StringComparison.Ordinal);
        AssertNoPin(error);
    }

    [Fact]
    public void MissingModuleIsReportedWithAHintAboutTheLibrarySetting()
    {
        var error = Assert.Throws<SignPathDockerException>(() => Pkcs11KeyStore.Open(SoftHsmFixture.Options(modulePath: "/nonexistent/libpkcs11.so")));

        Assert.Equal(ErrorCodes.Pkcs11ModuleNotFound, error.Code);
        Assert.Contains("/nonexistent/libpkcs11.so", error.Message, StringComparison.Ordinal);
        Assert.Contains("Pkcs11Library", error.Hint, StringComparison.Ordinal);
        AssertNoPin(error);
    }

    [Fact]
    public void AFileThatIsNotAModuleIsReportedAsNotLoadable()
    {
        var notAModule = Path.Combine(softHsm.Directory, "softhsm2.conf");

        var error = Assert.Throws<SignPathDockerException>(() => Pkcs11KeyStore.Open(SoftHsmFixture.Options(modulePath: notAModule)));

        Assert.Equal(ErrorCodes.Pkcs11ModuleNotFound, error.Code);
        AssertNoPin(error);
    }

    private static void AssertNoPin(SignPathDockerException error)
    {
        foreach (var text in new[] { error.Message, error.Hint ?? string.Empty, error.ToString() })
        {
            Assert.DoesNotContain(SoftHsmFixture.Pin, text, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongPin, text, StringComparison.Ordinal);
        }
    }
}
