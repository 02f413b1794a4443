using System.Reflection;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace SignPath.Docker.Build.Pkcs11;

/// <summary>
/// One loaded, initialised instance per module per process. PKCS#11 state (C_Initialize, login) is
/// per application, so a second independent load would get CKR_CRYPTOKI_ALREADY_INITIALIZED and the
/// first C_Finalize would pull the module out from under every other store still using it.
/// </summary>
internal static class Pkcs11ModuleRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, Entry> Loaded = new(StringComparer.Ordinal);

    static Pkcs11ModuleRegistry()
    {
        // Pkcs11Interop 5.3.0 imports dlopen from "libdl", which glibc 2.34+ systems (Debian 12,
        // Ubuntu 22.04+) only ship as libdl.so.2 without the libc6-dev symlink. The maintainer's
        // advice (Pkcs11Interop#239) is a resolver that maps the name.
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, ResolveLibdl);
        }
        catch (InvalidOperationException)
        {
            // The host already installed its own resolver for Pkcs11Interop; that one wins.
        }
    }

    public static Pkcs11InteropFactories Factories { get; } = new();

    public static Lease Acquire(string modulePath)
    {
        lock (Gate)
        {
            if (!Loaded.TryGetValue(modulePath, out var entry))
            {
                var library = Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, modulePath, AppType.MultiThreaded);
                entry = new Entry(library);
                Loaded.Add(modulePath, entry);
            }

            entry.References++;
            return new Lease(modulePath, entry.Library);
        }
    }

    private static IntPtr ResolveLibdl(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != "libdl" || !OperatingSystem.IsLinux())
        {
            return IntPtr.Zero;
        }

        foreach (var candidate in new[] { "libdl.so.2", "libc.so.6", "libdl.so" })
        {
            if (NativeLibrary.TryLoad(candidate, out var handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero;
    }

    private static void Release(string modulePath)
    {
        lock (Gate)
        {
            if (Loaded.TryGetValue(modulePath, out var entry) && --entry.References == 0)
            {
                Loaded.Remove(modulePath);
                entry.Library.Dispose();
            }
        }
    }

    private sealed class Entry(IPkcs11Library library)
    {
        public IPkcs11Library Library { get; } = library;

        public int References { get; set; }
    }

    internal sealed class Lease(string modulePath, IPkcs11Library library) : IDisposable
    {
        private int _released;

        public IPkcs11Library Library { get; } = library;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                Release(modulePath);
            }
        }
    }
}
