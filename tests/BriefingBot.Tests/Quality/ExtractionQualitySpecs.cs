using System.Text.Json;
using BriefingBot.Core.Sources.Extraction;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Quality;

/// <summary>Quality gate on ../shared/data/article-extraction-dev (65 pages, MIT). Run by scripts/quality.sh.</summary>
[Trait("Category", "Corpus")]
public sealed class ExtractionQualitySpecs
{
    [Fact]
    public async Task Cross_validated_by_site_on_the_65_pages_of_the_extraction_benchmark_F1_is_at_least_0_96_and_precision_at_least_0_96()
    {
        var folder = Path.GetDirectoryName(SharedData.Require("data/article-extraction-dev/ground-truth.json"))!;
        using var truthJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "ground-truth.json")));
        var pages = new List<ExtractionPage>();
        foreach (var page in truthJson.RootElement.EnumerateObject())
        {
            var html = await global::BriefingBot.Cli.ExtractCommand.ReadPageAsync(Path.Combine(folder, "html", page.Name + ".html.gz"), CancellationToken.None);
            pages.Add(new ExtractionPage(page.Name, ExtractionPage.SiteOf(page.Value.GetProperty("url").GetString() ?? page.Name), html, page.Value.GetProperty("articleBody").GetString() ?? ""));
        }

        var result = ExtractionCrossValidation.Run(pages);

        // Measured 0.972 (P 0.979, R 0.965) when the bars were set; readability.js scores 0.954 (P 0.929) on these
        // pages, trafilatura 0.957 (P 0.943). The bars leave a margin for a rule change that costs a page or two.
        var figures = $"cross-validated F1 {result.F1:0.000} (P {result.Precision:0.000}, R {result.Recall:0.000}); folds: "
            + string.Join(", ", result.Folds.Select(f => $"{f.F1:0.000}"));
        Assert.True(result.F1 >= 0.96, figures);
        Assert.True(result.Precision >= 0.96, figures);
    }
}
