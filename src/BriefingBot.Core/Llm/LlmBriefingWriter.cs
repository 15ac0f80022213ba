using BriefingBot.Core.Domain;
using Microsoft.Extensions.Logging;

namespace BriefingBot.Core.Llm;

/// <summary>
/// Lets the LLM write each story of a briefing (the engine still found the stories, claims and disagreements);
/// every story keeps its verified statements or falls back to the extractive text on its own, and the briefing
/// says in one line when the model was unavailable or statements were dropped. A briefing never fails because
/// the model did.
/// </summary>
public sealed class LlmBriefingWriter(LlmStoryWriter writer, ILogger<LlmBriefingWriter> logger)
{
    /// <summary>Stories beyond this many keep the extractive text (cost and time of a long day).</summary>
    public const int MaxStories = 12;

    public async Task<Briefing> WriteAsync(Briefing briefing, CancellationToken ct)
    {
        var stories = new List<Story>(briefing.Stories.Count);
        var dropped = 0;
        long input = 0, output = 0;
        var fellBack = new List<string>();
        var endpointDown = false;
        foreach (var (story, index) in briefing.Stories.Select((s, i) => (s, i)))
        {
            if (index >= MaxStories)
            {
                stories.Add(story);
                continue;
            }

            // After the endpoint failed once, the rest of the briefing does not wait on it again.
            if (endpointDown)
            {
                stories.Add(story);
                fellBack.Add(LlmStoryWriter.UnavailableReason);
                continue;
            }

            var written = await writer.WriteAsync(story, ct);
            endpointDown = LlmStoryWriter.IsEndpointFailure(written.FallbackReason);
            dropped += written.Dropped;
            input += written.InputTokens;
            output += written.OutputTokens;
            if (written.FellBack)
                fellBack.Add(written.FallbackReason!);
            // The model's summary replaces the extractive one only when a sentence of it verified.
            stories.Add(story with { Written = written, Summary = written.Summary ?? story.Summary });
        }

        string? note = null;
        var writtenCount = stories.Count(s => s.Statements is not null);
        if (fellBack.Count > 0 && writtenCount == 0)
            note = $"Written by the offline engine: {fellBack[0]}.";
        else if (fellBack.Count > 0 || dropped > 0)
            note = $"{writtenCount} of {stories.Count} stories written by the LLM and checked against the quotes" +
                   (dropped > 0 ? $"; {dropped} statement{(dropped == 1 ? "" : "s")} dropped because their citations did not check out" : "") +
                   (fellBack.Count > 0 ? $"; {fellBack.Count} told from the quotes instead" : "") + ".";
        logger.LogInformation("LLM briefing: {Written} of {Stories} stories written, {Dropped} statements dropped, {Input} prompt + {Output} completion tokens",
            writtenCount, stories.Count, dropped, input, output);
        return briefing with { Stories = stories, Note = note };
    }
}
