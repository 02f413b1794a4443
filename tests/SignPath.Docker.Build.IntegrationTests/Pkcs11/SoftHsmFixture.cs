using System.Diagnostics;
using SignPath.Docker.Build.IntegrationTests.Rig;
using SignPath.Docker.Build.Pkcs11;

namespace SignPath.Docker.Build.IntegrationTests.Pkcs11;

/// <summary>
/// A fresh SoftHSM2 token in a temporary directory for one test run, made by scripts/rig/softhsm.sh.
/// SoftHSM reads SOFTHSM2_CONF in C_Initialize, i.e. when the first store loads the module, so
/// it is set here, before any test touches the module.
/// </summary>
public sealed class SoftHsmFixture : IDisposable
{
    public const string ModulePath = "/usr/lib/softhsm/libsofthsm2.so";
    public const string TokenLabel = "spd-tests";

    // Distinctive values, so a test can search any message for them.
    public const string Pin = "pin-Q7x4Zr";
    public const string SecurityOfficerPin = "so-pin-K2m9Wd";

    public SoftHsmFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("spd-softhsm-").FullName;
        var script = Path.Combine(FindRepositoryRoot(), "scripts", "rig", "softhsm.sh");
        ConfigurationPath = Run(script, ["init", Directory, TokenLabel, Pin, SecurityOfficerPin], configurationPath: null).Trim();
        NativeEnvironment.Set("SOFTHSM2_CONF", ConfigurationPath);
    }

    public string Directory { get; }

    public string ConfigurationPath { get; }

    public static Pkcs11StoreOptions Options(string pin = Pin, string tokenLabel = TokenLabel, string modulePath = ModulePath) =>
        new() { ModulePath = modulePath, TokenLabel = tokenLabel, Pin = pin };

    public static Pkcs11KeyStore OpenStore() => Pkcs11KeyStore.Open(Options());

    /// <summary>Runs OpenSC's pkcs11-tool against the test token as an independent view of it.</summary>
    public string Pkcs11Tool(params string[] arguments) =>
        Run("pkcs11-tool", ["--module", ModulePath, "--token-label", TokenLabel, .. arguments], ConfigurationPath);

    public static string Run(string fileName, IEnumerable<string> arguments, string? configurationPath = null)
    {
        var environment = configurationPath is null ? null : new Dictionary<string, string?> { ["SOFTHSM2_CONF"] = configurationPath };
        var result = ExternalProcess.RunAsync(fileName, arguments, environment).GetAwaiter().GetResult();
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{result.Command} exited with {result.ExitCode}: {result.StandardError}");
        }

        return result.StandardOutput;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless; a failing dispose would hide the test results.
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SignPath.Docker.Build.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find the repository root above " + AppContext.BaseDirectory);
    }
}
