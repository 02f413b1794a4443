using System.Globalization;
using System.Text;

namespace SignPath.Docker.Build.Benchmarks;

/// <summary>The one table a run prints: scenario, what was measured, the issue's target and whether it was met.</summary>
internal sealed class ResultTable
{
    private readonly List<string[]> rows = [];

    public void Add(string scenario, string measured, string target = "", bool? met = null) =>
        rows.Add([scenario, measured, target, met switch { true => "yes", false => "NO", null => string.Empty }]);

    public string Render()
    {
        string[] header = ["Scenario", "Measured", "Target", "Met"];
        var all = rows.Prepend(header).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => all.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var (row, index) in all.Select((r, i) => (r, i)))
        {
            text.Append("| ").AppendJoin(" | ", row.Select((cell, c) => cell.PadRight(widths[c]))).AppendLine(" |");
            if (index == 0)
            {
                text.Append("|-").AppendJoin("-|-", widths.Select(w => new string('-', w))).AppendLine("-|");
            }
        }

        return text.ToString();
    }

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    /// <summary>For times of a few tens of milliseconds, where two decimals of a second hide the difference.</summary>
    public static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public static string Number(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    public static TimeSpan Median(IEnumerable<TimeSpan> times)
    {
        var sorted = times.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
