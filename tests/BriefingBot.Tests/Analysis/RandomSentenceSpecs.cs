using BriefingBot.Core.Analysis;
using BriefingBot.Core.Stories;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Analysis;

/// <summary>
/// Reports are written by anyone: sentences of random words, names, quotation marks, brackets and dashes never make the
/// attribution or a briefing fail (a participle check once threw on "The Republicans voting said …", failing the whole
/// briefing of the chat).
/// </summary>
public sealed class RandomSentenceSpecs
{
    private static readonly string[] Words =
        ("said told who which that and , , , . . the a Smith Biden The Pentagon officials police it they he she said, “ ” \" ‘ ’ ' ( ) [ ] — – - ; : ? ! " +
         "reported added wrote announced according to citing in on Monday D-N.Y. R.I. of for whom what after when while Fed hospital company group " +
         "statement agency claimed denied who's Mr. Dr. Sen. 2020 10% ... … leaving meeting briefing senators Republicans voting opposing killed 3 " +
         "three car bomb Idlib Syria's U.S. $5 billion 's").Split(' ');

    /// <summary>One to 29 of the words, at random.</summary>
    private static string Sentence(Random random) => string.Join(' ', Enumerable.Range(0, random.Next(1, 30)).Select(_ => Words[random.Next(Words.Length)]));

    [Fact]
    public void Twenty_thousand_random_reports_are_attributed_without_an_exception()
    {
        var random = new Random(11);
        var failures = new List<string>();
        for (var n = 0; n < 20_000; n++)
        {
            var (first, second) = (Sentence(random), Sentence(random));
            try
            {
                AttributionExtractor.Attribute([(first, 0), (second, 0), (second, 1)]);
            }
            catch (Exception e)
            {
                failures.Add($"{e.GetType().Name}: {first} || {second}");
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Briefings_of_random_reports_are_built_without_an_exception()
    {
        var random = new Random(3);
        for (var n = 0; n < 300; n++)
        {
            var reports = Enumerable.Range(1, random.Next(1, 5))
                .Select(i => Samples.Report(i, i % 2 == 0 ? "Outlet A" : "Outlet B", string.Join(random.Next(2) == 0 ? " " : "\n\n", Enumerable.Range(0, random.Next(1, 8)).Select(_ => Sentence(random))), title: Sentence(random)))
                .ToList();
            var briefing = new BriefingEngine().Build(reports);
            Assert.Equal(reports.Count, briefing.Reports.Count);
            // Every story's quotes are the reports' own words.
            Assert.All(briefing.Stories.SelectMany(s => s.Claims).SelectMany(c => c.Sources),
                c => Assert.Contains(c.Quote.TrimEnd('…', ' '), string.Join(" ", reports.Single(r => r.Id == c.ReportId).Text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal));
        }
    }
}
