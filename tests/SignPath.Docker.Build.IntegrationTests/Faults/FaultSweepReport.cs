using System.Globalization;
using System.Text;

namespace SignPath.Docker.Build.IntegrationTests.Faults;

/// <summary>
/// The outcome of every injected fault of one flow, printed as a position × kind table and written to
/// artifacts/fault-injection/&lt;flow&gt;.txt, which scripts/test.sh sums up in its closing lines.
/// </summary>
internal sealed class FaultSweepReport(string flow)
{
    private readonly List<(int Position, string Request, FaultKind Kind, string Outcome, bool Held)> _rows = [];

    public int Positions { get; set; }

    public IReadOnlyList<FaultKind> Kinds { get; set; } = [];

    public IEnumerable<string> Violations => _rows.Where(r => !r.Held).Select(r => $"#{r.Position} {r.Request} {r.Kind}: {r.Outcome}");

    public int Injected => _rows.Count;

    public bool AllHeld => _rows.All(r => r.Held);

    public void Add(int position, string request, FaultKind kind, string outcome, bool held) => _rows.Add((position, request, kind, outcome, held));

    public string SummaryLine() =>
        string.Create(CultureInfo.InvariantCulture, $"{flow} {Positions} positions × {Kinds.Count} kinds ({Injected} faults), {(AllHeld ? "all held" : $"{_rows.Count(r => !r.Held)} did not hold")}");

    public string Table()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"| # | request | {string.Join(" | ", Kinds)} |\n|---|---|{string.Concat(Kinds.Select(_ => "---|"))}\n");
        foreach (var position in _rows.GroupBy(r => (r.Position, r.Request)).OrderBy(g => g.Key.Position))
        {
            var cells = Kinds.Select(k => position.FirstOrDefault(r => r.Kind == k) is { Outcome: { } o } row && o is not null ? (row.Held ? o : "VIOLATION " + o) : "n/a");
            text.Append(CultureInfo.InvariantCulture, $"| {position.Key.Position} | {position.Key.Request} | {string.Join(" | ", cells)} |\n");
        }

        return text.ToString();
    }

    public void Write()
    {
        var directory = Path.Combine(Rig.RigScript.RepositoryRoot, "artifacts", "fault-injection");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, flow + ".txt"), SummaryLine() + "\n\n" + Table());
    }
}
