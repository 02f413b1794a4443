using SignPath.Docker.Build.IntegrationTests.Rig;

namespace SignPath.Docker.Build.IntegrationTests.Registry;

/// <summary>
/// Three real docker-registry instances on loopback for the collection: anonymous http, htpasswd (basic) http,
/// and https with a test CA. The https one runs only when SSL_CERT_FILE points at a bundle made by
/// `scripts/rig/registry.sh tls-material &lt;dir&gt;` (.NET reads SSL_CERT_FILE at process start only).
/// </summary>
public sealed class RegistryRig : IDisposable
{
    public const string User = "signpath";

    private readonly string _root = Directory.CreateTempSubdirectory("spd-registry-rig-").FullName;
    private readonly List<string> _started = [];

    public RegistryRig()
    {
        Password = Guid.NewGuid().ToString("N");
        Anonymous = Start("anonymous");
        Authenticated = Start("htpasswd", "--htpasswd", $"{User}:{Password}");
        if (TlsCertificateDirectory is { } certs)
        {
            Tls = Start("tls", "--tls-dir", certs);
        }
    }

    /// <summary>"127.0.0.1:port" of the anonymous plain-http registry.</summary>
    public string Anonymous { get; }

    /// <summary>"127.0.0.1:port" of the plain-http registry with htpasswd basic auth (<see cref="User"/>/<see cref="Password"/>).</summary>
    public string Authenticated { get; }

    /// <summary>"127.0.0.1:port" of the anonymous https registry, or null when SSL_CERT_FILE was not prepared.</summary>
    public string? Tls { get; }

    public string Password { get; }

    /// <summary>The directory holding ca-bundle.crt and the server certificate, when SSL_CERT_FILE names such a bundle.</summary>
    public static string? TlsCertificateDirectory
    {
        get
        {
            var bundle = Environment.GetEnvironmentVariable("SSL_CERT_FILE");
            var dir = string.IsNullOrEmpty(bundle) ? null : Path.GetDirectoryName(Path.GetFullPath(bundle));
            return dir is not null && File.Exists(Path.Combine(dir, "server.crt")) && File.Exists(Path.Combine(dir, "server.key")) ? dir : null;
        }
    }

    public void Dispose()
    {
        foreach (var dir in _started)
        {
            try
            {
                RigScript.Run("registry.sh", "stop", dir);
            }
            catch (InvalidOperationException)
            {
                // Keep stopping the others; the temp directory still goes.
            }
        }

        Directory.Delete(_root, recursive: true);
    }

    private string Start(string name, params string[] options)
    {
        var dir = Path.Combine(_root, name);
        var port = FreePort.Next();
        RigScript.Start("registry.sh", ["start", dir, port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. options]);
        _started.Add(dir);
        return $"127.0.0.1:{port}";
    }
}
