using System.Text.Json.Serialization;

namespace SignPath.Docker.Build.Signing;

/// <summary>The native signer's stdin/stdout protocol, without reflection (the signer is compiled ahead of time).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ContainerSigningInputs))]
[JsonSerializable(typeof(SignerEvent))]
public sealed partial class SignerJsonContext : JsonSerializerContext;
