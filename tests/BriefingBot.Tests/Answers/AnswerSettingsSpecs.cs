using BriefingBot.Core.Answers;
using BriefingBot.Core.Storage;
using BriefingBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BriefingBot.Tests.Answers;

/// <summary>The Answers and Embeddings settings are checked when the host starts, and a bad one names its key.</summary>
public sealed class AnswerSettingsSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("Embeddings:Provider", "local", "Embeddings:Provider 'local' is not available in this build")]
    [InlineData("Embeddings:Provider", "openai", "Embeddings:Provider 'openai' is not available in this build")]
    [InlineData("Embeddings:Provider", "bert", "Embeddings:Provider must be one of none, local, openai")]
    [InlineData("Answers:CoveredThreshold", "1.5", "CoveredThreshold")]
    [InlineData("Answers:MaxCitations", "0", "MaxCitations")]
    public async Task A_bad_answer_setting_stops_the_host_naming_the_key(string key, string value, string message)
    {
        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => BotHost.StartAsync(_folder.File("bot.db"), (key, value)));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("0.9", false)]
    public async Task The_configured_covered_threshold_decides_whether_a_half_matched_question_is_covered(string? threshold, bool covered)
    {
        (string, string)[] settings = threshold is null ? [("Embeddings:Provider", "none")] : [("Answers:CoveredThreshold", threshold)];
        await using var host = await BotHost.StartAsync(_folder.File("bot.db"), settings);
        var store = host.Services.GetRequiredService<IReportStore>();
        await store.AddAsync([
            Samples.Draft("Wire", "Dock workers blocked the port of Trieste for a second day on Wednesday.", title: "Trieste port blocked"),
            Samples.Draft("Other", "The ferry timetable changes next week.", title: "Ferry timetable"),
            Samples.Draft("Third", "Rain is expected over the coast on Thursday.", title: "Weather"),
        ]);

        // "port" and "trieste" are stored, "strike" is not: about two thirds of the question's weight.
        var answer = await host.Services.GetRequiredService<QuestionAnswerer>().AskAsync("trieste port strike");

        Assert.Equal(covered, answer.Covered);
    }

    public void Dispose() => _folder.Dispose();
}
