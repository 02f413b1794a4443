using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace SignPath.Docker.Build.Notary;

[JsonSerializable(typeof(JsonNode))]
internal sealed partial class TufJsonContext : JsonSerializerContext
{
}
