using System.Net;
using System.Text;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Registry;
using SignPath.Docker.Build.Registry.Http;
using Xunit;

namespace SignPath.Docker.Build.Tests.Registry;

/// <summary>Error bodies as the OCI distribution spec defines them, and what each status and code becomes.</summary>
public sealed class RegistryErrorTests
{
    [Fact]
    public void ParsesEveryEntryOfASpecErrorBody()
    {
        // The example body of the distribution spec's "Error Codes" section, with a second entry.
        var body = Encoding.UTF8.GetBytes("""{"errors":[{"code":"BLOB_UNKNOWN","message":"blob unknown to registry","detail":{"digest":"sha256:00"}},{"code":"DENIED","message":"requested access to the resource is denied"}]}""");

        var errors = RegistryError.Parse(body);

        Assert.Equal([new RegistryError("BLOB_UNKNOWN", "blob unknown to registry"), new RegistryError("DENIED", "requested access to the resource is denied")], errors);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    [InlineData("""{"message":"not the spec's shape"}""")]
    [InlineData("""{"errors":"nope"}""")]
    [InlineData("[1,2]")]
    public void ABodyOutsideTheSpecCarriesNoCodes(string body)
    {
        Assert.Empty(RegistryError.Parse(Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void AnEntryWithoutACodeIsUnknown()
    {
        Assert.Equal("UNKNOWN", Assert.Single(RegistryError.Parse("""{"errors":[{"message":"x"}]}"""u8)).Code);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, "DIGEST_INVALID", ErrorCodes.DigestMismatch, false)]
    [InlineData(HttpStatusCode.BadRequest, "TOOMANYREQUESTS", ErrorCodes.RegistryRequestFailed, true)]
    [InlineData(HttpStatusCode.NotFound, "BLOB_UPLOAD_UNKNOWN", ErrorCodes.RegistryRequestFailed, true)]
    [InlineData(HttpStatusCode.NotFound, "DENIED", ErrorCodes.RegistryUnauthorized, false)]
    [InlineData(HttpStatusCode.BadRequest, "UNAUTHORIZED", ErrorCodes.RegistryUnauthorized, false)]
    [InlineData(HttpStatusCode.BadRequest, "MANIFEST_INVALID", ErrorCodes.RegistryRequestFailed, false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, "UNAVAILABLE", ErrorCodes.RegistryRequestFailed, true)]
    [InlineData(HttpStatusCode.RequestTimeout, "", ErrorCodes.RegistryRequestFailed, true)]
    [InlineData(HttpStatusCode.Unauthorized, "", ErrorCodes.RegistryUnauthorized, false)]
    [InlineData(HttpStatusCode.Forbidden, "", ErrorCodes.RegistryUnauthorized, false)]
    public void StatusAndCodeDecideTheErrorNotTheMessageText(HttpStatusCode status, string code, string expectedCode, bool transient)
    {
        IReadOnlyList<RegistryError> errors = code.Length == 0 ? [] : [new RegistryError(code, "mentions DIGEST_INVALID in passing")];

        var ex = RegistryErrors.FromResponse(status, "Reason", errors, "Pushing manifest x:1");

        Assert.Equal(expectedCode, ex.Code);
        Assert.Equal(transient, ex.IsTransient);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal(errors, ex.Errors);
    }

    [Fact]
    public void ARefusalNamesWhereTheCredentialsCameFromOrThatThereWereNone()
    {
        var refused = RegistryErrors.FromResponse(HttpStatusCode.Unauthorized, "Unauthorized", [], "Pushing manifest x:1", "DOTNET_CONTAINER_PUSH_REGISTRY_UNAME/DOTNET_CONTAINER_PUSH_REGISTRY_PWORD");
        var anonymous = RegistryErrors.FromResponse(HttpStatusCode.Unauthorized, "Unauthorized", [], "Pushing manifest x:1");

        Assert.Contains("The credentials from DOTNET_CONTAINER_PUSH_REGISTRY_UNAME/DOTNET_CONTAINER_PUSH_REGISTRY_PWORD were refused.", refused.Message, StringComparison.Ordinal);
        Assert.StartsWith("Correct the credentials in DOTNET_CONTAINER_PUSH_REGISTRY_UNAME/DOTNET_CONTAINER_PUSH_REGISTRY_PWORD", refused.Hint, StringComparison.Ordinal);
        Assert.Contains("No credentials for this registry were found.", anonymous.Message, StringComparison.Ordinal);
        Assert.StartsWith("Give credentials for the registry", anonymous.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void ANetworkFailureHasNoStatusAndSaysWhetherItIsTransient()
    {
        var reset = RegistryErrors.FromNetworkFailure(new HttpRequestException(HttpRequestError.ResponseEnded, "ended"), "r.example.com", "Reading");
        var dns = RegistryErrors.FromNetworkFailure(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"), "r.example.com", "Reading");

        Assert.True(reset.IsTransient);
        Assert.False(dns.IsTransient);
        Assert.Null(reset.StatusCode);
        Assert.Equal(ErrorCodes.RegistryUnreachable, dns.Code);
    }
}
