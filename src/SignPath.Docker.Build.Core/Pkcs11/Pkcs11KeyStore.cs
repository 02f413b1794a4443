using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.Factories;
using SignPath.Docker.Build.Diagnostics;
using SignPath.Docker.Build.Notary.Tuf;

namespace SignPath.Docker.Build.Pkcs11;

/// <summary>
/// A logged-in session on one token: generates, finds and deletes EC P-256 key pairs, signs digests
/// and keeps each key's certificate next to it (same CKA_ID). See <see cref="Pkcs11KeyIdentity"/>
/// for how objects are named.
/// Spec: https://docs.oasis-open.org/pkcs11/pkcs11-base/v2.40/pkcs11-base-v2.40.html.
/// </summary>
/// <remarks>
/// PKCS#11 calls block, and a session must not be used by two threads at once, so every member
/// runs under one lock. Callers on async paths wrap calls in Task.Run (as <see cref="Pkcs11TufSigner"/> does).
/// </remarks>
public sealed class Pkcs11KeyStore : IDisposable
{
    private const int Sha256Length = 32;

    private readonly Lock _gate = new();
    private readonly Pkcs11ModuleRegistry.Lease _module;
    private readonly ISession _session;
    private readonly IProgressLog _log;
    private bool _disposed;

    private Pkcs11KeyStore(Pkcs11ModuleRegistry.Lease module, ISession session, ITokenInfo token, IProgressLog log)
    {
        _module = module;
        _session = session;
        _log = log;
        TokenLabel = token.Label.Trim();
        TokenSerial = token.SerialNumber.Trim();
    }

    public string TokenLabel { get; }

    public string TokenSerial { get; }

    private static IObjectAttributeFactory Attributes => Pkcs11ModuleRegistry.Factories.ObjectAttributeFactory;

    /// <summary>Loads the module, finds the token and logs in as the user.</summary>
    public static Pkcs11KeyStore Open(Pkcs11StoreOptions options, IProgressLog? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        log ??= NullProgressLog.Instance;
        if (string.IsNullOrEmpty(options.TokenLabel) && string.IsNullOrEmpty(options.TokenSerial))
        {
            throw new SignPathDockerException(
                ErrorCodes.Pkcs11TokenNotFound,
                "No PKCS#11 token was named.",
                "Set Pkcs11TokenLabel (or Pkcs11TokenSerial) to the token holding the key.");
        }

        var module = LoadModule(options.ModulePath);
        ISession? session = null;
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (slot, token) = FindToken(module.Library, options);
            cancellationToken.ThrowIfCancellationRequested();
            session = slot.OpenSession(SessionType.ReadWrite);
            LogIn(slot, session, options.Pin);
            log.Detail($"Logged in to PKCS#11 token '{token.Label.Trim()}' (serial {token.SerialNumber.Trim()}).");
            return new Pkcs11KeyStore(module, session, token, log);
        }
        catch (Pkcs11Exception exception)
        {
            session?.Dispose();
            module.Dispose();
            throw Pkcs11ErrorTranslation.Failure("open the token", exception);
        }
        catch
        {
            session?.Dispose();
            module.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Generates an EC P-256 key pair on the token: private, sensitive, never extractable, sign-only.
    /// Its CKA_ID becomes the key's canonical key ID (<see cref="Pkcs11KeyIdentity"/>).
    /// </summary>
    public Pkcs11KeyPair GenerateKeyPair(string label, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        lock (_gate)
        {
            ThrowIfDisposed();
            cancellationToken.ThrowIfCancellationRequested();
            // The canonical ID depends on the public key, which does not exist yet: start with a
            // random ID and rename both halves once the public point is known.
            var provisionalId = RandomNumberGenerator.GetBytes(16);
            var publicTemplate = new List<IObjectAttribute>
            {
                Attributes.Create(CKA.CKA_TOKEN, true),
                Attributes.Create(CKA.CKA_PRIVATE, false),
                Attributes.Create(CKA.CKA_VERIFY, true),
                Attributes.Create(CKA.CKA_EC_PARAMS, EcP256PublicKey.EcParameters),
                Attributes.Create(CKA.CKA_ID, provisionalId),
                Attributes.Create(CKA.CKA_LABEL, label),
            };
            var privateTemplate = new List<IObjectAttribute>
            {
                Attributes.Create(CKA.CKA_TOKEN, true),
                Attributes.Create(CKA.CKA_PRIVATE, true),
                Attributes.Create(CKA.CKA_SENSITIVE, true),
                Attributes.Create(CKA.CKA_EXTRACTABLE, false),
                Attributes.Create(CKA.CKA_SIGN, true),
                Attributes.Create(CKA.CKA_DERIVE, false),
                Attributes.Create(CKA.CKA_ID, provisionalId),
                Attributes.Create(CKA.CKA_LABEL, label),
            };

            try
            {
                var mechanism = Pkcs11ModuleRegistry.Factories.MechanismFactory.Create(CKM.CKM_EC_KEY_PAIR_GEN);
                _session.GenerateKeyPair(mechanism, publicTemplate, privateTemplate, out var publicKey, out var privateKey);
                var spki = ReadSubjectPublicKeyInfo(publicKey);
                var id = TryAssignCanonicalId(spki, provisionalId, publicKey, privateKey);
                var pair = new Pkcs11KeyPair(id, label, spki);
                _log.Detail($"Generated {pair} on PKCS#11 token '{TokenLabel}'.");
                return pair;
            }
            catch (Pkcs11Exception exception)
            {
                throw Pkcs11ErrorTranslation.Failure("generate an EC P-256 key pair", exception);
            }
        }
    }

    /// <summary>Finds a key pair by CKA_ID.</summary>
    public Pkcs11KeyPair? FindKeyById(byte[] id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_gate)
        {
            ThrowIfDisposed();
            return Guard("find a key", () => FindKeyByIdCore(id));
        }
    }

    /// <summary>Finds a key pair by the CKA_LABEL of its private key; throws if several share it.</summary>
    public Pkcs11KeyPair? FindKeyByLabel(string label)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        lock (_gate)
        {
            ThrowIfDisposed();
            return Guard("find a key", () =>
            {
                var found = _session.FindAllObjects(
                [
                    Attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
                    Attributes.Create(CKA.CKA_KEY_TYPE, CKK.CKK_EC),
                    Attributes.Create(CKA.CKA_LABEL, label),
                ]);
                if (found.Count > 1)
                {
                    throw new SignPathDockerException(
                        ErrorCodes.Pkcs11KeyNotFound,
                        $"{found.Count} keys on PKCS#11 token '{TokenLabel}' have the label '{label}'.",
                        "Name the key by its ID instead, or delete the surplus keys.");
                }

                return found.Count == 0 ? null : FindKeyByIdCore(ReadBytes(found[0], CKA.CKA_ID));
            });
        }
    }

    /// <summary>
    /// Finds a key pair by a TUF key ID: the canonical ("ecdsa") ID, or the "ecdsa-x509" ID of the
    /// certificate stored with it. Keys not named by this package's convention are found too.
    /// </summary>
    public Pkcs11KeyPair? FindKeyByTufKeyId(string keyId)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        lock (_gate)
        {
            ThrowIfDisposed();
            return Guard("find a key", () => FindKeyByTufKeyIdCore(keyId.ToLowerInvariant()));
        }
    }

    /// <summary>
    /// Finds a key pair by TUF key ID, CKA_ID in hex, or label, in that order; throws
    /// <see cref="ErrorCodes.Pkcs11KeyNotFound"/> when none matches.
    /// </summary>
    public Pkcs11KeyPair GetKey(string keyIdOrLabel)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyIdOrLabel);
        Pkcs11KeyPair? key = null;
        if (IsHex(keyIdOrLabel))
        {
            key = keyIdOrLabel.Length == 64 ? FindKeyByTufKeyId(keyIdOrLabel) : null;
            key ??= FindKeyById(Convert.FromHexString(keyIdOrLabel));
        }

        return key ?? FindKeyByLabel(keyIdOrLabel) ?? throw new SignPathDockerException(
            ErrorCodes.Pkcs11KeyNotFound,
            $"No EC key with the ID or label '{keyIdOrLabel}' is on PKCS#11 token '{TokenLabel}'.",
            "List the token's keys with `pkcs11-tool --module <module> --token-label <label> --login --list-objects`.");
    }

    /// <summary>Deletes the private key, public key and certificate objects sharing the key's CKA_ID.</summary>
    public void DeleteKey(Pkcs11KeyPair key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            ThrowIfDisposed();
            Guard("delete a key", () =>
            {
                foreach (var handle in _session.FindAllObjects([Attributes.Create(CKA.CKA_ID, key.Id)]))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    _session.DestroyObject(handle);
                }

                return true;
            });
            _log.Detail($"Deleted {key} from PKCS#11 token '{TokenLabel}'.");
        }
    }

    /// <summary>Signs a SHA-256 digest with CKM_ECDSA; returns raw r‖s (64 bytes).</summary>
    public byte[] SignDigest(Pkcs11KeyPair key, ReadOnlySpan<byte> sha256Digest)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (sha256Digest.Length != Sha256Length)
        {
            throw new ArgumentException("Expected a 32-byte SHA-256 digest.", nameof(sha256Digest));
        }

        var digest = sha256Digest.ToArray();
        lock (_gate)
        {
            ThrowIfDisposed();
            return Guard("sign", () =>
            {
                var privateKey = FindPrivateKey(key.Id) ?? throw KeyGone(key);
                var mechanism = Pkcs11ModuleRegistry.Factories.MechanismFactory.Create(CKM.CKM_ECDSA);
                var signature = _session.Sign(mechanism, privateKey, digest);
                // CKM_ECDSA is specified as raw r‖s; tolerate modules that answer in DER anyway.
                return signature.Length == 2 * EcP256PublicKey.FieldSizeBytes
                    ? signature
                    : EcdsaSignatureEncoding.DerToRaw(signature, EcP256PublicKey.FieldSizeBytes);
            });
        }
    }

    /// <summary>Stores the key's certificate on the token (same CKA_ID and label), replacing an older one.</summary>
    public void StoreCertificate(Pkcs11KeyPair key, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.SubjectPublicKeyInfo))
        {
            throw new ArgumentException($"The certificate's public key is not the public key of {key}.", nameof(certificate));
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            Guard("store a certificate", () =>
            {
                var previous = FindCertificates(key.Id);
                _session.CreateObject(
                [
                    Attributes.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
                    Attributes.Create(CKA.CKA_CERTIFICATE_TYPE, CKC.CKC_X_509),
                    Attributes.Create(CKA.CKA_TOKEN, true),
                    Attributes.Create(CKA.CKA_PRIVATE, false),
                    Attributes.Create(CKA.CKA_ID, key.Id),
                    Attributes.Create(CKA.CKA_LABEL, key.Label),
                    Attributes.Create(CKA.CKA_SUBJECT, certificate.SubjectName.RawData),
                    Attributes.Create(CKA.CKA_ISSUER, certificate.IssuerName.RawData),
                    Attributes.Create(CKA.CKA_VALUE, certificate.RawData),
                ]);
                // Only after the new one exists, so a failure never leaves the key without a certificate.
                foreach (var handle in previous)
                {
                    _session.DestroyObject(handle);
                }

                return true;
            });
            _log.Detail($"Stored the certificate '{certificate.Subject}' with {key}.");
        }
    }

    /// <summary>The certificate stored with the key (same CKA_ID), or null.</summary>
    public X509Certificate2? FindCertificate(Pkcs11KeyPair key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            ThrowIfDisposed();
            return Guard("read a certificate", () =>
            {
                var handles = FindCertificates(key.Id);
                return handles.Count == 0
                    ? null
                    : X509CertificateLoader.LoadCertificate(ReadBytes(handles[0], CKA.CKA_VALUE));
            });
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            // Closing the last session ends the login, so no C_Logout: another store in this
            // process may still share the login on the same token.
            _session.Dispose();
            _module.Dispose();
        }
    }

    private static Pkcs11ModuleRegistry.Lease LoadModule(string modulePath)
    {
        var notFound = new SignPathDockerException(
            ErrorCodes.Pkcs11ModuleNotFound,
            $"The PKCS#11 module '{modulePath}' was not found or could not be loaded.",
            "Set Pkcs11Library to the full path of the token vendor's PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so.");
        if (string.IsNullOrWhiteSpace(modulePath))
        {
            throw notFound;
        }

        // A bare file name is left to the dynamic loader's search path; anything with a directory must exist.
        if (modulePath.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) && !File.Exists(modulePath))
        {
            throw notFound;
        }

        try
        {
            return Pkcs11ModuleRegistry.Acquire(modulePath);
        }
        catch (Pkcs11Exception exception)
        {
            throw new SignPathDockerException(
                ErrorCodes.Pkcs11Failure,
                $"The PKCS#11 module '{modulePath}' failed to initialise: {exception.Method} returned {exception.RV}.",
                "Check the module's configuration (for SoftHSM: the file SOFTHSM2_CONF names and its token directory).",
                exception);
        }
        catch (Exception exception) when (exception is UnmanagedException or DllNotFoundException or BadImageFormatException or LibraryArchitectureException)
        {
            throw new SignPathDockerException(notFound.Code, notFound.Message + " " + exception.Message, notFound.Hint, exception);
        }
    }

    private static (ISlot Slot, ITokenInfo Token) FindToken(IPkcs11Library library, Pkcs11StoreOptions options)
    {
        var present = new List<string>();
        foreach (var slot in library.GetSlotList(SlotsType.WithTokenPresent))
        {
            var token = slot.GetTokenInfo();
            if (!token.TokenFlags.TokenInitialized)
            {
                continue;
            }

            var label = token.Label.Trim();
            var serial = token.SerialNumber.Trim();
            present.Add($"'{label}' (serial {serial})");
            var labelMatches = string.IsNullOrEmpty(options.TokenLabel) || string.Equals(label, options.TokenLabel, StringComparison.Ordinal);
            var serialMatches = string.IsNullOrEmpty(options.TokenSerial) || string.Equals(serial, options.TokenSerial, StringComparison.OrdinalIgnoreCase);
            if (labelMatches && serialMatches)
            {
                return (slot, token);
            }
        }

        var wanted = string.IsNullOrEmpty(options.TokenSerial)
            ? $"label '{options.TokenLabel}'"
            : string.IsNullOrEmpty(options.TokenLabel) ? $"serial '{options.TokenSerial}'" : $"label '{options.TokenLabel}' and serial '{options.TokenSerial}'";
        var seen = present.Count == 0 ? "The module reports no initialised tokens." : "Tokens present: " + string.Join(", ", present) + ".";
        throw new SignPathDockerException(
            ErrorCodes.Pkcs11TokenNotFound,
            $"No PKCS#11 token with {wanted} was found in '{options.ModulePath}'. {seen}",
            "Set Pkcs11TokenLabel to one of the tokens present, and check that the token is plugged in.");
    }

    private static void LogIn(ISlot slot, ISession session, string pin)
    {
        if (string.IsNullOrEmpty(pin))
        {
            throw new SignPathDockerException(ErrorCodes.Pkcs11LoginFailed, "No PKCS#11 user PIN was given.", Pkcs11ErrorTranslation.PinHint);
        }

        if (slot.GetTokenInfo().TokenFlags.UserPinLocked)
        {
            throw Pkcs11ErrorTranslation.PinLocked(null);
        }

        try
        {
            session.Login(CKU.CKU_USER, pin);
        }
        catch (Pkcs11Exception exception) when (exception.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Login state is per application and token: another store in this process already logged in.
        }
        catch (Pkcs11Exception exception) when (exception.RV is CKR.CKR_PIN_INCORRECT or CKR.CKR_PIN_INVALID
            or CKR.CKR_PIN_LEN_RANGE or CKR.CKR_PIN_LOCKED or CKR.CKR_PIN_EXPIRED)
        {
            var flags = slot.GetTokenInfo().TokenFlags;
            throw Pkcs11ErrorTranslation.LoginFailed(exception.RV, flags.UserPinLocked, flags.UserPinFinalTry, exception);
        }
    }

    private static bool IsHex(string text) => text.Length % 2 == 0 && text.All(char.IsAsciiHexDigit);

    private byte[] ReadBytes(IObjectHandle handle, CKA attribute) =>
        _session.GetAttributeValue(handle, [attribute])[0].GetValueAsByteArray();

    private byte[] ReadSubjectPublicKeyInfo(IObjectHandle publicKey) =>
        EcP256PublicKey.SubjectPublicKeyInfoFromEcPoint(ReadBytes(publicKey, CKA.CKA_EC_POINT));

    private byte[] TryAssignCanonicalId(byte[] spki, byte[] provisionalId, IObjectHandle publicKey, IObjectHandle privateKey)
    {
        var canonicalId = Convert.FromHexString(Pkcs11KeyIdentity.CanonicalKeyId(spki));
        try
        {
            _session.SetAttributeValue(privateKey, [Attributes.Create(CKA.CKA_ID, canonicalId)]);
            _session.SetAttributeValue(publicKey, [Attributes.Create(CKA.CKA_ID, canonicalId)]);
            return canonicalId;
        }
        catch (Pkcs11Exception exception)
        {
            // Some tokens fix CKA_ID at creation. The key stays usable under its random ID, and
            // FindKeyByTufKeyId still finds it by computing IDs from the public keys.
            _log.Detail($"The token kept the key's random ID ({exception.RV} when renaming it).");
            _session.SetAttributeValue(privateKey, [Attributes.Create(CKA.CKA_ID, provisionalId)]);
            return provisionalId;
        }
    }

    private Pkcs11KeyPair? FindKeyByIdCore(byte[] id)
    {
        var privateKey = FindPrivateKey(id);
        if (privateKey is null)
        {
            return null;
        }

        var label = _session.GetAttributeValue(privateKey, [CKA.CKA_LABEL])[0].GetValueAsString() ?? string.Empty;
        var publicKeys = _session.FindAllObjects(
        [
            Attributes.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY),
            Attributes.Create(CKA.CKA_KEY_TYPE, CKK.CKK_EC),
            Attributes.Create(CKA.CKA_ID, id),
        ]);
        if (publicKeys.Count > 0)
        {
            return new Pkcs11KeyPair(id, label, ReadSubjectPublicKeyInfo(publicKeys[0]));
        }

        // Tokens that keep only the private key and a certificate (e.g. smart cards) still name the public key.
        var certificates = FindCertificates(id);
        if (certificates.Count > 0)
        {
            using var certificate = X509CertificateLoader.LoadCertificate(ReadBytes(certificates[0], CKA.CKA_VALUE));
            return new Pkcs11KeyPair(id, label, certificate.PublicKey.ExportSubjectPublicKeyInfo());
        }

        throw new SignPathDockerException(
            ErrorCodes.Pkcs11KeyNotFound,
            $"The private key '{label}' (id {Convert.ToHexStringLower(id)}) on PKCS#11 token '{TokenLabel}' has no public key or certificate object.",
            "Import the key's public key or certificate with the same ID.");
    }

    private Pkcs11KeyPair? FindKeyByTufKeyIdCore(string keyId)
    {
        if (keyId.Length == 64 && IsHex(keyId) && FindKeyByIdCore(Convert.FromHexString(keyId)) is { } byCanonicalId)
        {
            return byCanonicalId;
        }

        foreach (var handle in _session.FindAllObjects([Attributes.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE)]))
        {
            var values = _session.GetAttributeValue(handle, [CKA.CKA_ID, CKA.CKA_VALUE]);
            var pem = GoPemEncoding.EncodeCertificate(values[1].GetValueAsByteArray());
            if (new TufKey(TufKey.EcdsaX509, Encoding.UTF8.GetBytes(pem)).KeyId == keyId)
            {
                return FindKeyByIdCore(values[0].GetValueAsByteArray());
            }
        }

        foreach (var handle in _session.FindAllObjects(
        [
            Attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            Attributes.Create(CKA.CKA_KEY_TYPE, CKK.CKK_EC),
        ]))
        {
            var candidate = FindKeyByIdCore(ReadBytes(handle, CKA.CKA_ID));
            if (candidate?.CanonicalKeyId == keyId)
            {
                return candidate;
            }
        }

        return null;
    }

    private IObjectHandle? FindPrivateKey(byte[] id)
    {
        var found = _session.FindAllObjects(
        [
            Attributes.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY),
            Attributes.Create(CKA.CKA_KEY_TYPE, CKK.CKK_EC),
            Attributes.Create(CKA.CKA_ID, id),
        ]);
        return found.Count == 0 ? null : found[0];
    }

    private List<IObjectHandle> FindCertificates(byte[] id) =>
        _session.FindAllObjects(
        [
            Attributes.Create(CKA.CKA_CLASS, CKO.CKO_CERTIFICATE),
            Attributes.Create(CKA.CKA_ID, id),
        ]);

    private SignPathDockerException KeyGone(Pkcs11KeyPair key) =>
        new(
            ErrorCodes.Pkcs11KeyNotFound,
            $"{key} is no longer on PKCS#11 token '{TokenLabel}'.",
            "It was deleted or the token was replaced; generate or select another key.");

    private static T Guard<T>(string action, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Pkcs11Exception exception)
        {
            throw Pkcs11ErrorTranslation.Failure(action, exception);
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
