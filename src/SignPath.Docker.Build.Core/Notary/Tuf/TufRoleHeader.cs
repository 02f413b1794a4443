using System.Text.Json;

namespace SignPath.Docker.Build.Notary.Tuf;

/// <summary>The fields every role shares: "_type", "version", "expires".</summary>
internal readonly record struct TufRoleHeader(int Version, DateTimeOffset Expires)
{
    public static TufRoleHeader Read(JsonElement signed, string expectedType, string what)
    {
        var type = TufJsonReader.String(signed, "_type", what);
        if (!string.Equals(type, expectedType, StringComparison.Ordinal))
        {
            throw TufJsonReader.Invalid(what, $"\"_type\" is \"{type}\", expected \"{expectedType}\"");
        }

        var version = TufJsonReader.Integer(signed, "version", what);
        if (version is < 1 or > int.MaxValue)
        {
            throw TufJsonReader.Invalid(what, "\"version\" is out of range");
        }

        return new TufRoleHeader((int)version, TufTime.Parse(TufJsonReader.String(signed, "expires", what), what));
    }

    public static int Threshold(JsonElement role, string what)
    {
        var threshold = TufJsonReader.Integer(role, "threshold", what);
        return threshold is >= 1 and <= 100 ? (int)threshold : throw TufJsonReader.Invalid(what, "a threshold is out of range");
    }
}
