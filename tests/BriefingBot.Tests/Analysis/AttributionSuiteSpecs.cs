using BriefingBot.Core.Analysis;

namespace BriefingBot.Tests.Analysis;

/// <summary>
/// Who said it, on 52 wire-style sentences written for an independent review of the rules (Fixtures/attribution-suite.tsv):
/// chains, credits in part, relative clauses, lists and "it/they said", each with the credit a careful editor gives.
/// </summary>
public sealed class AttributionSuiteSpecs
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Analysis", "Fixtures", "attribution-suite.tsv")))
        {
            if (line.StartsWith('#') || line.Length == 0)
                continue;
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            data.Add(line[..tab], line[(tab + 1)..]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_review_sentence_gets_the_credit_an_editor_gives_it(string expected, string report)
    {
        var sentences = report.Split(" || ").Select((s, i) => (s, i)).ToList();
        var credit = AttributionExtractor.Attribute(sentences)[^1];

        var shown = credit is null ? "-" : credit.InPart ? $"{credit.Text} (in part)" : credit.Text;
        Assert.Equal(expected, shown);
    }

    [Fact]
    public void The_suite_is_read_whole()
    {
        Assert.Equal(52, Cases().Count());
    }
}
