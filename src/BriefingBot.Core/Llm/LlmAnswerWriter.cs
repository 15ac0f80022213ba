using System.Diagnostics;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BriefingBot.Core.Llm;

/// <summary>
/// Lets the LLM answer a question from the asking chat's reports (never called when retrieval found nothing relevant:
/// "not covered" needs no model). The model starts from the quotes retrieval found and has the <c>reports</c> plugin
/// (<see cref="ReportsPlugin"/>): it may search again in its own words and read a report a search found, within
/// Llm:AskToolRounds replies and Llm:AskMaxTokens tokens, after which it must answer. Every quote it was shown is the
/// material of a one-story verification, so every statement is checked exactly as a briefing's are (a citation of a
/// quote the tools never returned, or of another outlet's quote, is dropped); on any failure the extractive answer stands.
/// </summary>
public sealed class LlmAnswerWriter(IChatClient chat, PromptLibrary prompts, IReportStore store, IOptions<LlmOptions> options, ILogger<LlmAnswerWriter> logger, ILoggerFactory? loggers = null)
{
    public const string AnswerPrompt = "answer.md";

    /// <param name="search">The retrieval the model's searches go through (the seam to the retriever).</param>
    public async Task<Answer> WriteAsync(Answer answer, ReportScope scope, QuoteSearch search, CancellationToken ct)
    {
        if (!answer.Covered || answer.Citations.Count == 0)
            return answer;
        var o = options.Value;
        var book = new QuoteBook();
        foreach (var citation in answer.Citations)
            book.Add(citation);
        var data = Material(answer, book.Quotes).ToJson();
        var plugin = new ReportsPlugin(search, store, scope, book);
        var budget = new ToolBudget(o.AskToolRounds, o.AskMaxTokens);
        var tools = o.AskToolRounds > 0;
        var kernel = LlmKernel.CreateForQuestion(chat, plugin, o.AskToolRounds, budget, loggers);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // The whole exchange (every round) shares one timeout per round the model may take, plus the answer.
        timeout.CancelAfter(o.Timeout * (o.AskToolRounds + 1));
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await prompts.Function(AnswerPrompt).InvokeAsync(kernel,
                PromptLibrary.Arguments(LlmKernel.Settings(o, tools), data, ("max_statements", LlmStoryWriter.MaxStatements)), timeout.Token);
            var text = result.GetValue<ChatResponse>()?.Text ?? result.ToString();
            // Verified against every quote the model was shown: the retrieved ones and whatever its searches returned.
            var verified = StoryVerifier.Verify(text, Material(answer, book.Quotes));
            logger.LogInformation("LLM answer: {Requests} requests, {Calls} tool calls, {Quotes} quotes, {Input} prompt + {Output} completion tokens in {Ms} ms; {Kept} statements kept, {Dropped} dropped",
                budget.Requests, plugin.Calls, book.Quotes.Count, budget.InputTokens, budget.OutputTokens, watch.ElapsedMilliseconds, verified.Statements.Count, verified.Dropped);
            if (verified.FellBack)
                logger.LogInformation("LLM answer not used ({Reason}); the extractive answer stands", verified.FallbackReason);
            return verified.FellBack ? answer : answer with { Written = verified.Statements };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("LLM answer: no reply within {Seconds} s; the extractive answer stands", (o.Timeout * (o.AskToolRounds + 1)).TotalSeconds);
            return answer;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The detail (an address, a provider's error body) goes to the log, not to the chat.
            logger.LogWarning(e, "LLM answer failed; the extractive answer stands");
            return answer;
        }
    }

    /// <summary>The question and the quotes as one story's material (the question is its title).</summary>
    private static StoryMaterial Material(Answer answer, IReadOnlyList<QuoteRef> quotes)
    {
        var outlets = quotes.Select(q => q.Citation.Outlet).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var story = new Story(answer.Question, quotes.Select(q => q.Citation.ReportId).Distinct().ToList(), outlets,
            quotes.Select(q => new Claim(q.Citation.Quote, [q.Citation])).ToList(), []);
        return new StoryMaterial(story, quotes.ToList());
    }
}
