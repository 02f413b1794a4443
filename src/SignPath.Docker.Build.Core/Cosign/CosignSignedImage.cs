using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Cosign;

public sealed record CosignSignedImage(ImageToSign Image, CosignAttachResult Attachment);
