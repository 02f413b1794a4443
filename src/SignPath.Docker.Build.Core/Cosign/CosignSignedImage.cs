using SignPath.Docker.Build.Signing;

namespace SignPath.Docker.Build.Cosign;

internal sealed record CosignSignedImage(ImageToSign Image, CosignAttachResult Attachment);
