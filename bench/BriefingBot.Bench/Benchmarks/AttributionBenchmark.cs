using System.Diagnostics;
using System.Text;
using System.Text.Json;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Bench.Metrics;
using BriefingBot.Core.Analysis;
using BriefingBot.Core.Analysis.Attribution;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Stories;
using BriefingBot.Core.Text;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// Who said it: of the quotes the briefing of allsides-dev cites that carry a reporting verb, how many name whom the
/// outlet credits, how many credits are a bare pronoun or a day, and what kinds of party they name; the same on every
/// sentence of the dev set, on each half of it (even and odd story ids), on the article bodies of the extraction
/// benchmark (written by other outlets, never looked at while writing the rules) and on the seeds. The reporting verbs
/// are found here by a word list of the bench's own, not by the extractor.
/// </summary>
internal sealed class AttributionBenchmark : IBenchCommand
{
    private const double TargetCoverage = 95;
    private const int SampleSize = 50;
    private const int SampleSeed = 16;

    public string Name => "attribution";

    public string Description => "allsides-dev briefing: credits of cited quotes with a reporting verb, bare pronoun/day credits, kinds; extraction bodies and seeds";

    public Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var corpus = context.Corpus;
        var reports = new List<Report>();
        var storyOf = new Dictionary<long, int>();
        long id = 1;
        foreach (var a in corpus.AllSides.SelectMany(s => s.Articles))
        {
            var d = ReportPreparer.Prepare(new RawReport(a.Text, "allsides", a.Outlet, a.Title, a.Url, a.Date));
            reports.Add(new Report(id, d.Outlet, null, d.Title, d.Published, a.Date, d.Language, d.Text, d.ContentHash));
            storyOf[id++] = a.StoryId;
        }

        // Every sentence of every report with its credit (the same split as ReportAnalyzer), timed after a first pass.
        var sentences = reports.ToDictionary(r => r.Id, r => Attribute(r.Text));
        var start = Stopwatch.GetTimestamp();
        _ = reports.Select(r => Attribute(r.Text)).ToList();
        var attributeMs = Stats.Milliseconds(start);

        var briefing = new BriefingEngine().Build(reports);
        var cited = briefing.Stories
            .SelectMany(s => s.Claims.SelectMany(c => c.Sources).Concat(s.Disagreements.SelectMany(d => d.Positions).SelectMany(p => p.Sources)))
            .DistinctBy(c => (c.ReportId, c.Quote))
            .Select(c => new Case(storyOf[c.ReportId], c.ReportId, c.Quote, c.AttributedTo, sentences[c.ReportId].FirstOrDefault(s => s.Text == c.Quote).Credit))
            .ToList();
        var withVerb = cited.Where(c => AttributionCases.ReportingVerb().IsMatch(c.Quote)).ToList();
        var reporting = withVerb.Where(c => AttributionCases.ReportsSpeech(c.Quote)).ToList();
        var all = sentences.SelectMany(kv => kv.Value.Select(s => new Case(storyOf[kv.Key], kv.Key, s.Text, s.Credit?.Text, s.Credit))).Where(c => AttributionCases.ReportsSpeech(c.Quote)).ToList();

        var table = new FigureTable($"attribution: the briefing of allsides-dev ({reports.Count} reports, {cited.Count} cited quotes)");
        table.Add("cited quotes with a reporting verb: credited", Share(withVerb));
        table.Add("  before (pattern-based), on unseen AllSides stories", "66.1% (392 of 593)");
        table.Add("  before (pattern-based), on this dev set", "65.3% (532 of 815)");
        var coverage = Percent(reporting);
        table.AtLeast("… the verb reports speech, outside quotation marks", coverage, Share(reporting), TargetCoverage, F($"{TargetCoverage:0}%"));
        var main = reporting.Where(c => AttributionCases.InMainClause(c.Quote)).ToList();
        table.Add("  … the verb is in the main clause (not after that/which/who/after/when/as …)", Share(main));
        table.Add("  … the verb is only in subordinate clauses", Share(reporting.Except(main).ToList()));
        var bare = withVerb.Where(c => c.AttributedTo is { } a && AttributionCases.IsBare(a)).ToList();
        table.Check("credits that are a bare pronoun or a day/time word", F($"{bare.Count}"), "0 (before: 19 unseen, 23 dev)", bare.Count == 0);
        var credited = reporting.Where(c => c.Credit is not null).ToList();
        table.Add("  kinds of credit", Distribution(credited.Select(c => c.Credit!.Kind.ToString())));
        table.Add("  how found", Distribution(credited.Select(c => c.Credit!.Basis.ToString())));
        table.Add("  chains (\"X, citing Y\")", F($"{credited.Count(c => c.Credit!.Text.Contains(", citing ", StringComparison.Ordinal))}"));
        table.Add("  credits that are a citation's own outlet", F($"{credited.Count(c => string.Equals(c.Credit!.Text, reports[(int)c.ReportId - 1].Outlet, StringComparison.OrdinalIgnoreCase))}"));
        table.Add("  even story ids / odd story ids", F($"{Percent(reporting.Where(c => c.Story % 2 == 0).ToList()):0.0}% / {Percent(reporting.Where(c => c.Story % 2 == 1).ToList()):0.0}%"));
        table.Add("every dev sentence whose verb reports speech", Share(all) + F($", {all.Count(c => c.AttributedTo is { } a && AttributionCases.IsBare(a))} bare"));
        var mismatched = cited.Count(c => c.AttributedTo != c.Credit?.Text);
        table.Check("citations carrying the extractor's credit", F($"{cited.Count - mismatched} of {cited.Count}"), "all", mismatched == 0);

        var bodies = ExtractionBodies(context.Data.SharedRoot);
        if (bodies.Count > 0)
        {
            var unseen = bodies.SelectMany(Attribute).Where(s => AttributionCases.ReportsSpeech(s.Text)).Select(s => new Case(0, 0, s.Text, s.Credit?.Text, s.Credit)).ToList();
            table.Add(F($"extraction benchmark bodies ({bodies.Count} articles), verb reports speech"), Share(unseen) + F($", {unseen.Count(c => c.AttributedTo is { } a && AttributionCases.IsBare(a))} bare"));
            table.Add("  … the verb is in the main clause", Share(unseen.Where(c => AttributionCases.InMainClause(c.Quote)).ToList()));
        }

        var seeds = corpus.Seeds.Articles.SelectMany(a => Attribute(ReportPreparer.Prepare(new RawReport(a.Text, "seed", a.Outlet, a.Title, null, a.Date)).Text))
            .Where(s => AttributionCases.ReportsSpeech(s.Text)).Select(s => new Case(0, 0, s.Text, s.Credit?.Text, s.Credit)).ToList();
        table.Add("seed reports, verb reports speech", Share(seeds));
        table.Add(F($"attribution of all dev reports ({reports.Count}), second pass"), F($"{attributeMs:0} ms"));
        table.Note("credited = the citation names whom the outlet credits; a verb \"reports speech\" unless it is passive (\"was told\"), an infinitive,");
        table.Note("after a determiner (\"his stated deadline\"), inside quotation marks, or \"added/noted/declared/stated\" with an object (\"added 266,000 jobs\").");
        table.Print();

        if (context.Options.Out is { } path)
        {
            WriteCases(path, credited, reporting);
            Console.WriteLine($"attribution: wrote every credited quote and the {SampleSize}-credit hand-check sample (seed {SampleSeed}) to {path}");
        }

        return Task.CompletedTask;
    }

    private sealed record Case(int Story, long ReportId, string Quote, string? AttributedTo, Credit? Credit);

    private static List<(string Text, Credit? Credit)> Attribute(string text)
    {
        var spans = SentenceSplitter.Split(text).Select(s => (Text: TextNormalizer.CollapseWhitespace(s.Text), s.Paragraph)).ToList();
        var credits = AttributionExtractor.Attribute(spans);
        return spans.Select((s, i) => (s.Text, credits[i])).ToList();
    }

    private static double Percent(IReadOnlyCollection<Case> cases) => cases.Count == 0 ? 100 : 100.0 * cases.Count(c => c.AttributedTo is not null) / cases.Count;

    private static string Share(IReadOnlyCollection<Case> cases) => F($"{Percent(cases):0.0}% ({cases.Count(c => c.AttributedTo is not null)} of {cases.Count})");

    private static string Distribution(IEnumerable<string> values) =>
        string.Join(", ", values.GroupBy(v => v).OrderByDescending(g => g.Count()).Select(g => F($"{g.Key} {g.Count()}")));

    private static void WriteCases(string path, List<Case> credited, List<Case> reporting)
    {
        var random = new Random(SampleSeed);
        var sample = credited.OrderBy(c => c.ReportId).ThenBy(c => c.Quote, StringComparer.Ordinal).ToList().OrderBy(_ => random.Next()).Take(SampleSize).ToList();
        var text = new StringBuilder();
        text.AppendLine($"# hand-check sample: {SampleSize} credits drawn with seed {SampleSeed} from the {credited.Count} credited cited quotes");
        foreach (var c in sample)
            text.AppendLine($"{c.Story}\t{c.ReportId}\t{c.Credit!.Text}\t{c.Credit.Kind}\t{c.Credit.Basis}\t{c.Quote}");
        text.AppendLine("# every cited quote whose verb reports speech: story, report, credit (- for none), kind, how found, quote");
        foreach (var c in reporting)
            text.AppendLine($"{c.Story}\t{c.ReportId}\t{c.Credit?.Text ?? "-"}\t{c.Credit?.Kind}\t{c.Credit?.Basis}\t{c.Quote}");
        File.WriteAllText(path, text.ToString());
    }

    private static List<string> ExtractionBodies(string sharedRoot)
    {
        var path = Path.Combine(sharedRoot, "data", "article-extraction-dev", "ground-truth.json");
        if (!File.Exists(path))
            return [];
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        return doc.RootElement.EnumerateObject().Select(p => p.Value.GetProperty("articleBody").GetString() ?? "").Where(b => b.Length > 0).ToList();
    }
}
