namespace SignPath.Docker.LocalSigner.Faults;

public static class FaultKinds
{
    public const string Deny = "deny";
    public const string Fail = "fail";
    public const string NeverComplete = "never-complete";
    public const string BadSignature = "bad-signature";
    public const string HttpStatus = "http-status";

    public static readonly IReadOnlyList<string> All = [Deny, Fail, NeverComplete, BadSignature, HttpStatus];
}
