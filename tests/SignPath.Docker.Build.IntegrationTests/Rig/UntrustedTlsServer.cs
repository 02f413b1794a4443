using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace SignPath.Docker.Build.IntegrationTests.Rig;

/// <summary>
/// A loopback https server (Kestrel) whose certificate is self-signed for 127.0.0.1 and trusted by nobody: the
/// certificate is right for the address, only its issuer is unknown. Counts TCP connections and HTTP requests,
/// so a test can tell a client that gave up at once from one that kept trying.
/// </summary>
public sealed class UntrustedTlsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;
    private int _requests;

    private UntrustedTlsServer(WebApplication app, int port)
    {
        _app = app;
        Url = new Uri($"https://127.0.0.1:{port}/");
    }

    public Uri Url { get; }

    public int Connections => Volatile.Read(ref _connections);

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<UntrustedTlsServer> StartAsync()
    {
        var port = FreePort.Next();
        var certificate = CreateCertificate();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        UntrustedTlsServer? server = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Use(next => connection =>
            {
                Interlocked.Increment(ref server!._connections);
                return next(connection);
            });
            listen.UseHttps(certificate);
        }));
        var app = builder.Build();
        server = new UntrustedTlsServer(app, port);
        app.Run(context =>
        {
            Interlocked.Increment(ref server._requests);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel needs the key in a form the platform's TLS stack can use.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
