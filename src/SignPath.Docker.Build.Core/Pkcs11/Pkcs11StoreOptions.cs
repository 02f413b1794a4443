namespace SignPath.Docker.Build.Pkcs11;

/// <summary>
/// Which PKCS#11 module and token to open, and the user PIN to log in with.
/// Set <see cref="TokenLabel"/> or <see cref="TokenSerial"/> (both: both must match).
/// </summary>
public sealed class Pkcs11StoreOptions
{
    /// <summary>Path of the vendor's PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so.</summary>
    public required string ModulePath { get; init; }

    public string? TokenLabel { get; init; }

    public string? TokenSerial { get; init; }

    /// <summary>The user PIN. Kept only until login; never written to messages or logs.</summary>
    public required string Pin { get; init; }

    // The default ToString of a property bag is easy to log by accident; make that harmless.
    public override string ToString() =>
        $"module '{ModulePath}', token label '{TokenLabel}', serial '{TokenSerial}'";
}
