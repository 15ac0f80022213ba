using System.Text.Json;
using BriefingBot.Core.Sources;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Quality;

/// <summary>Quality gate on ../shared/data/article-extraction-dev (65 pages, MIT). Run by scripts/quality.sh.</summary>
[Trait("Category", "Corpus")]
public sealed class ExtractionQualitySpecs
{
    [Fact]
    public async Task On_the_65_pages_of_the_extraction_benchmark_F1_is_at_least_0_95()
    {
        var folder = Path.GetDirectoryName(SharedData.Require("data/article-extraction-dev/ground-truth.json"))!;
        using var truthJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "ground-truth.json")));
        var expected = truthJson.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetProperty("articleBody").GetString() ?? "");
        var predicted = new Dictionary<string, string>();
        foreach (var id in expected.Keys)
        {
            predicted[id] = ArticleExtractor.Extract(await global::BriefingBot.Cli.ExtractCommand.ReadPageAsync(Path.Combine(folder, "html", id + ".html.gz"), CancellationToken.None)).Text;
        }

        var (precision, recall, f1) = ExtractionMetric.Score(expected, predicted);

        Assert.True(f1 >= 0.95, $"F1 {f1:0.000} (P {precision:0.000}, R {recall:0.000}); readability.js scores 0.954, trafilatura 0.957");
    }
}
