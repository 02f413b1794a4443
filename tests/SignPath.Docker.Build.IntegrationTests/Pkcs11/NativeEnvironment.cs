using System.Runtime.InteropServices;

namespace SignPath.Docker.Build.IntegrationTests.Pkcs11;

/// <summary>
/// Sets a variable in the process's native environment. On Unix, Environment.SetEnvironmentVariable
/// only changes .NET's own copy, which native code (SoftHSM's getenv) never sees.
/// </summary>
internal static class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (!OperatingSystem.IsWindows() && NativeMethods.setenv(name, value, 1) != 0)
        {
            throw new InvalidOperationException($"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern int setenv(string name, string value, int overwrite);
    }
}
