using System.Text.Json.Serialization;
using SignPath.Docker.LocalSigner.Api;
using SignPath.Docker.LocalSigner.Faults;

namespace SignPath.Docker.LocalSigner;

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(SigningRequestResponse))]
[JsonSerializable(typeof(SubmitResponse))]
[JsonSerializable(typeof(SigningPoliciesResponse))]
[JsonSerializable(typeof(List<ReceivedRequestResponse>))]
[JsonSerializable(typeof(FaultSpecification))]
[JsonSerializable(typeof(NotaryRootRegistration))]
internal sealed partial class LocalSignerJsonContext : JsonSerializerContext;
