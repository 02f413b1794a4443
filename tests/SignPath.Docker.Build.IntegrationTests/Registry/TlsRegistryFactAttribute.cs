using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Registry;

/// <summary>Skips, saying how to enable it, unless the process was started with SSL_CERT_FILE naming the rig's CA bundle.</summary>
public sealed class TlsRegistryFactAttribute : FactAttribute
{
    public TlsRegistryFactAttribute()
    {
        if (RegistryRig.TlsCertificateDirectory is null)
        {
            Skip = "TLS registry tests need SSL_CERT_FILE set before the test process starts: " +
                "scripts/rig/registry.sh tls-material .rig/tls && SSL_CERT_FILE=$PWD/.rig/tls/ca-bundle.crt dotnet test ...";
        }
    }
}
