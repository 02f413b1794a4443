using SignPath.Docker.Build.Crypto;
using SignPath.Docker.Build.SignPath;

namespace SignPath.Docker.Build.Signing;

/// <summary>
/// The key every signature of a build is checked with: the key the user pinned (CosignPublicKey), or else the
/// signing policy's key from SignPath, asked for at most once per build. Shared by every signing flow.
/// </summary>
public sealed class SigningKeySource : IDisposable
{
    private readonly VerificationKey? pinned;
    private readonly SigningPolicyKeyClient? policy;
    private readonly IDisposable? owned;

    private SigningKeySource(VerificationKey? pinned, SigningPolicyKeyClient? policy, IDisposable? owned = null)
    {
        this.pinned = pinned;
        this.policy = policy;
        this.owned = owned;
    }

    public static SigningKeySource Pinned(VerificationKey key) => new(key ?? throw new ArgumentNullException(nameof(key)), null);

    /// <param name="pinned">The user's key (owned from here on), or null to use the policy's.</param>
    /// <param name="owned">Disposed with the source, e.g. the SignPath client when nothing else uses it.</param>
    public static SigningKeySource Create(VerificationKey? pinned, SigningPolicyKeyClient policy, IDisposable? owned = null) =>
        new(pinned, policy ?? throw new ArgumentNullException(nameof(policy)), owned);

    public Task<VerificationKey> GetAsync(CancellationToken cancellationToken) =>
        pinned is not null ? Task.FromResult(pinned) : policy!.GetKeyAsync(cancellationToken);

    public void Dispose()
    {
        pinned?.Dispose();
        policy?.Dispose();
        owned?.Dispose();
    }
}
