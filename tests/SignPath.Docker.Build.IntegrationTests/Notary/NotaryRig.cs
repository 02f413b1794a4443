using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SignPath.Docker.Build.IntegrationTests.Rig;
using Xunit;

namespace SignPath.Docker.Build.IntegrationTests.Notary;

/// <summary>
/// A real notary-server (+ notary-signer for ECDSA server keys) on loopback, started by
/// scripts/rig/notary.sh, plus a delegation key and self-signed certificate made by openssl.
/// </summary>
public abstract class NotaryRig : IAsyncLifetime
{
    public static readonly Dictionary<string, string> Passphrases = new()
    {
        ["NOTARY_ROOT_PASSPHRASE"] = "it-root-passphrase",
        ["NOTARY_TARGETS_PASSPHRASE"] = "it-targets-passphrase",
        ["NOTARY_SNAPSHOT_PASSPHRASE"] = "it-snapshot-passphrase",
        ["NOTARY_DELEGATION_PASSPHRASE"] = "it-delegation-passphrase",
    };

    private readonly bool _tls;

    protected NotaryRig(bool tls) => _tls = tls;

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "notary-it-" + Guid.NewGuid().ToString("N")[..12]);

    public string ServerDirectory => Path.Combine(Directory, "server");

    public int Port { get; private set; }

    public Uri ServerUrl { get; private set; } = null!;

    public string? CaFile => _tls ? Path.Combine(ServerDirectory, "ca.crt") : null;

    public string DelegationKeyFile => Path.Combine(Directory, "delegation.key");

    public string DelegationCertFile => Path.Combine(Directory, "delegation.crt");

    public static string Script => Path.Combine(RepoRoot(), "scripts", "rig", "notary.sh");

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        Port = FreePortPair();
        var output = await ExternalProcess.RunCheckedAsync(Script, _tls ? ["start", ServerDirectory, $"{Port}", "--tls"] : ["start", ServerDirectory, $"{Port}"]);
        ServerUrl = new Uri(output.Trim().Split('\n')[^1]);
        await ExternalProcess.RunCheckedAsync("openssl", ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", DelegationKeyFile]);
        await ExternalProcess.RunCheckedAsync("openssl", ["req", "-x509", "-new", "-key", DelegationKeyFile, "-sha256", "-days", "365", "-subj", "/CN=signpath", "-out", DelegationCertFile]);
    }

    public async Task DisposeAsync()
    {
        await ExternalProcess.RunCheckedAsync(Script, ["stop", ServerDirectory]);
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>A GUN initialised by the notary CLI with targets/releases and targets/signpath for the delegation cert; returns the CLI trust dir.</summary>
    public async Task<string> InitRepositoryAsync(string gun)
    {
        var work = Path.Combine(Directory, "repo-" + Guid.NewGuid().ToString("N")[..8]);
        List<string> arguments = ["init-repo", work, ServerUrl.AbsoluteUri.TrimEnd('/'), gun, DelegationCertFile];
        if (CaFile is not null)
        {
            arguments.Add(CaFile);
        }

        await ExternalProcess.RunCheckedAsync(Script, arguments, Passphrases);
        return Path.Combine(work, "trust");
    }

    public Task<string> NotaryCliAsync(string trustDirectory, params string[] arguments)
    {
        List<string> all = ["-s", ServerUrl.AbsoluteUri.TrimEnd('/'), "-d", trustDirectory];
        if (CaFile is not null)
        {
            all.AddRange(["--tlscacert", CaFile]);
        }

        all.AddRange(arguments);
        return ExternalProcess.RunCheckedAsync("notary", all, Passphrases);
    }

    public ECDsa LoadDelegationKey()
    {
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(DelegationKeyFile));
        return key;
    }

    public X509Certificate2 LoadDelegationCertificate() => X509Certificate2.CreateFromPem(File.ReadAllText(DelegationCertFile));

    /// <summary>An HttpClient that trusts only the rig's CA (or plain HTTP).</summary>
    public HttpClient CreateHttpClient()
    {
        var handler = new HttpClientHandler();
        if (CaFile is not null)
        {
            var ca = X509Certificate2.CreateFromPem(File.ReadAllText(CaFile));
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            };
        }

        return new HttpClient(handler);
    }

    private static int FreePortPair()
    {
        // The signer listens on port + 1, so both must be free.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var first = new TcpListener(IPAddress.Loopback, 0);
            first.Start();
            var port = ((IPEndPoint)first.LocalEndpoint).Port;
            try
            {
                using var second = new TcpListener(IPAddress.Loopback, port + 1);
                second.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("No free pair of loopback ports.");
    }

    private static string RepoRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "scripts", "rig", "notary.sh")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("scripts/rig/notary.sh not found above the test output directory.");
    }
}

public sealed class HttpNotaryRig() : NotaryRig(tls: false);

public sealed class HttpsNotaryRig() : NotaryRig(tls: true);
