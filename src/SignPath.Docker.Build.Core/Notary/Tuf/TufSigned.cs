
namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>A verified metadata file: the envelope as fetched and its parsed "signed" role.</summary>
public sealed record TufSigned<TRole>(TufEnvelope Envelope, TRole Role)
    where TRole : class;
