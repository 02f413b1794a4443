using System.Text.Json.Serialization;

namespace SignPath.Docker.Build.Notation;

[JsonSerializable(typeof(string[]))]
internal sealed partial class NotationJsonContext : JsonSerializerContext;
