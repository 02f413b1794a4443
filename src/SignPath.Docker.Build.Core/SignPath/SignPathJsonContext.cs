using System.Text.Json.Serialization;

namespace SignPath.Docker.Build.SignPath;

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(SigningRequestStatus))]
internal sealed partial class SignPathJsonContext : JsonSerializerContext;
