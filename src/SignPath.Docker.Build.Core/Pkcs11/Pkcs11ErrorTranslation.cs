using Net.Pkcs11Interop.Common;
using SignPath.Docker.Build.Diagnostics;

namespace SignPath.Docker.Build.Pkcs11;

/// <summary>
/// Turns module failures into errors the user can act on. Pkcs11Interop's messages name only the
/// function and the CKR code, never attribute values or the PIN, so they are safe to pass on.
/// </summary>
internal static class Pkcs11ErrorTranslation
{
    public const string PinHint =
        "The PIN must be the token's user PIN, given in the PKCS11_PIN environment variable (or the one Pkcs11PinVariable names); never put it in a project file or on the command line.";

    public static SignPathDockerException Failure(string action, Pkcs11Exception exception) =>
        new(
            ErrorCodes.Pkcs11Failure,
            $"The PKCS#11 module failed to {action}: {exception.Method} returned {exception.RV}.",
            "Check the module's own log; SoftHSM writes to syslog (log.level in softhsm2.conf).",
            exception);

    public static SignPathDockerException LoginFailed(CKR result, bool lockedNow, bool finalTry, Exception inner)
    {
        if (lockedNow || result == CKR.CKR_PIN_LOCKED)
        {
            return PinLocked(inner);
        }

        var message = result switch
        {
            CKR.CKR_PIN_EXPIRED => "The token's user PIN has expired.",
            CKR.CKR_PIN_LEN_RANGE => "The PKCS#11 login failed: the PIN has a length the token does not accept.",
            _ => "The PKCS#11 login failed: the token rejected the PIN.",
        };
        if (finalTry)
        {
            message += " One more wrong attempt will lock the user PIN.";
        }

        var hint = result == CKR.CKR_PIN_EXPIRED
            ? "Change the user PIN with the token vendor's tool (e.g. pkcs11-tool --change-pin), then update Pkcs11Pin."
            : PinHint;
        return new SignPathDockerException(ErrorCodes.Pkcs11LoginFailed, message, hint, inner);
    }

    public static SignPathDockerException PinLocked(Exception? inner) =>
        new(
            ErrorCodes.Pkcs11LoginFailed,
            "The token's user PIN is locked after too many wrong attempts.",
            "Unblock it with the security officer PIN (e.g. pkcs11-tool --login --login-type so --init-pin), then check Pkcs11Pin.",
            inner);
}
