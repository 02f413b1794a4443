namespace SignPath.Docker.Build.Http;

/// <summary>Why a request got no HTTP answer, as far as it matters for what the user has to do.</summary>
public enum NetworkFailureKind
{
    /// <summary>DNS has no address for the host: a typo or a missing DNS entry; no retry fixes it.</summary>
    HostNotFound,

    /// <summary>Nothing listens on a loopback port: the local server is not running or the port is wrong.</summary>
    NothingListening,

    /// <summary>The server's TLS certificate is not trusted or names another host.</summary>
    CertificateRejected,

    /// <summary>The TLS handshake failed for another reason, e.g. the server does not speak TLS on that port.</summary>
    TlsFailed,

    /// <summary>Connecting failed in a way that may pass: a refused remote connection (a restart), an unreachable network.</summary>
    ConnectionFailed,

    /// <summary>The connection broke off before the whole answer arrived.</summary>
    AnswerBrokeOff,

    /// <summary>Anything else: a proxy, protocol or configuration failure that repeating will not change.</summary>
    Other,
}
