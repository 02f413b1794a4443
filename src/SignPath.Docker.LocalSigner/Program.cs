using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using SignPath.Docker.LocalSigner;
using SignPath.Docker.LocalSigner.Api;
using SignPath.Docker.LocalSigner.Faults;
using SignPath.Docker.LocalSigner.Processing;
using SignPath.Docker.LocalSigner.Requests;

// A bare --require-origin is a switch; the configuration's command line reader would take the next argument as its value.
args = [.. args.Select(argument => argument == "--require-origin" ? "--require-origin=true" : argument)];
var builder = WebApplication.CreateBuilder(args);
// Request logs are noise here; lifetime messages ("Now listening on") stay.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

var settings = LocalSignerSettings.From(builder.Configuration, out var error);
if (settings is null)
{
    await Console.Error.WriteLineAsync("LocalSigner: " + error);
    await Console.Error.WriteLineAsync(
        "Usage: SignPath.Docker.LocalSigner --urls http://127.0.0.1:PORT (--api-token TOKEN | env LOCALSIGNER_API_TOKEN) --cosign-key PATH " +
        "[--notary-delegation-key PATH [--notary-roots DIR]] [--organization-id GUID] [--project-slug S] [--signing-policy-slug S] [--approval-delay SECONDS] [--require-origin]");
    return 2;
}

CosignSigningKey cosignKey;
try
{
    cosignKey = await CosignSigningKey.LoadOrCreateAsync(settings.CosignKeyPath, CancellationToken.None);
}
catch (Exception e) when (e is InvalidOperationException or CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
{
    await Console.Error.WriteLineAsync($"LocalSigner: cannot use the cosign key {settings.CosignKeyPath}: {e.Message}");
    return 2;
}

// The Notation chain lives beside the cosign key: notation-root.crt is what users trust (NotationRootCertificate).
var notationChain = await NotationSigningChain.LoadOrCreateAsync(
    Path.Combine(Path.GetDirectoryName(settings.CosignKeyPath)!, "notation"), TimeProvider.System, CancellationToken.None);

NotaryDelegationKey? notaryKey = null;
if (settings.NotaryDelegationKeyPath is { } notaryKeyPath)
{
    try
    {
        notaryKey = await NotaryDelegationKey.LoadOrCreateAsync(notaryKeyPath, TimeProvider.System, CancellationToken.None);
        builder.Services.AddSingleton(new NotaryRootRegistry(settings.NotaryRootsDirectory));
    }
    catch (Exception e) when (e is InvalidOperationException or CryptographicException or IOException or UnauthorizedAccessException or ArgumentException
        or SignPath.Docker.Build.Diagnostics.SignPathDockerException)
    {
        await Console.Error.WriteLineAsync($"LocalSigner: cannot set up notary signing with {notaryKeyPath} and roots {settings.NotaryRootsDirectory}: {e.Message}");
        return 2;
    }
}

builder.Services.AddSingleton(settings);
builder.Services.AddSingleton(cosignKey);
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<SigningRequestStore>();
builder.Services.AddSingleton<FaultInjector>();
builder.Services.AddSingleton<BearerTokenCheck>();
// The first processor is the project's default artifact configuration; more (e.g. "notary") are added after it.
builder.Services.AddSingleton<IArtifactProcessor, CosignRawSignatureProcessor>();
// <oci-image-layout-archive-file> with <notation-sign> and/or <cosign-sign> (sign before push); "-cose": Notation
// envelopes in COSE rather than JWS, since which one SignPath returns is not documented.
// "-cosign-legacy": cosign's original .sig format instead of a bundle, for the same reason.
var layoutConfigurations = new[]
{
    ("oci-layout", true, CosignLayoutFormat.Bundle, false), ("oci-layout-notation", true, CosignLayoutFormat.None, false),
    ("oci-layout-cosign", false, CosignLayoutFormat.Bundle, false), ("oci-layout-cose", true, CosignLayoutFormat.Bundle, true),
    ("oci-layout-notation-cose", true, CosignLayoutFormat.None, true), ("oci-layout-cosign-legacy", false, CosignLayoutFormat.LegacySignatureTag, false),
    ("oci-layout-notation-cosign-legacy", true, CosignLayoutFormat.LegacySignatureTag, false),
};
foreach (var (slug, notation, cosign, cose) in layoutConfigurations)
{
    builder.Services.AddSingleton<IArtifactProcessor>(services =>
        new OciLayoutProcessor(slug, notation, cosign, notationChain, cosignKey, services.GetRequiredService<TimeProvider>(), cose));
}

if (notaryKey is not null)
{
    builder.Services.AddSingleton(notaryKey);
    builder.Services.AddSingleton<NotarySigningPolicy>();
    builder.Services.AddSingleton<IArtifactProcessor, NotaryArtifactProcessor>();
}

builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, LocalSignerJsonContext.Default));

var app = builder.Build();
app.UseRequestGuards();
app.MapAdminEndpoints();
if (notaryKey is not null)
{
    app.MapNotaryRootEndpoints();
}

app.MapSigningRequestEndpoints("/Api");
app.MapSigningRequestEndpoints(string.Empty);
app.MapSigningPolicyEndpoints("/Api");
app.MapSigningPolicyEndpoints(string.Empty);

app.Lifetime.ApplicationStarted.Register(() =>
{
    var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
    // A fixed line on stdout that scripts and test fixtures wait for (and read the port from).
    Console.WriteLine($"LocalSigner listening on {string.Join(" ", addresses)}");
    Console.Out.Flush();
});
if (app.Logger.IsEnabled(LogLevel.Information))
{
    app.Logger.LogInformation("LocalSigner: {Settings}; cosign public key {PublicKeyPath} ({Algorithm})", settings, cosignKey.PublicKeyPath, cosignKey.Algorithm);
    if (notaryKey is not null)
    {
        app.Logger.LogInformation("LocalSigner: notary delegation certificate {CertificatePath} (key ID {KeyId})", notaryKey.CertificatePath, notaryKey.PublicKey.KeyId);
    }
}

await app.RunAsync();
return 0;
