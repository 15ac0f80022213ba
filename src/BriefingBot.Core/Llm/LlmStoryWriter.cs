using System.Diagnostics;
using BriefingBot.Core.Domain;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace BriefingBot.Core.Llm;

/// <summary>
/// Asks the model to write one story from the engine's material and verifies the answer (<see cref="StoryVerifier"/>).
/// Each call is the prompt file's Semantic Kernel function invoked on the <see cref="Kernel"/>: the instructions are its
/// system message, the story's quotes go as data (<c>{{$material}}</c>, JSON) in its user message. Any failure —
/// timeout, endpoint down, 429 past the retries, an empty, echoed or malformed reply — is a fallback to the extractive
/// text for that story, with the reason, never an error.
/// </summary>
public sealed class LlmStoryWriter(Kernel kernel, PromptLibrary prompts, IOptions<LlmOptions> options, ILogger<LlmStoryWriter> logger, Storage.ICommunityStore? cache = null)
{
    private const string CachePrefix = "llm:story:";

    /// <summary>How long a model's reply for a story is reused (the same story in the next briefing costs nothing).</summary>
    public static readonly TimeSpan CacheRetention = TimeSpan.FromDays(7);

    public const int MaxStatements = 6;

    /// <summary>The most points a report's digest keeps.</summary>
    public const int MaxDigestPoints = 4;

    public const string StoryPrompt = "briefing-story.md";
    public const string DigestPrompt = "report-digest.md";

    public Task<VerifiedStory> WriteAsync(Story story, CancellationToken ct) => WriteAsync(story, StoryPrompt, ct);

    /// <param name="prompt">The prompt file (its instructions are the system message, the material goes in its user message).</param>
    public async Task<VerifiedStory> WriteAsync(Story story, string prompt, CancellationToken ct)
    {
        long digestInput = 0, digestOutput = 0;
        IReadOnlySet<Citation>? keep = null;
        if (prompt == StoryPrompt && options.Value.ReportDigests && story.ReportIds.Count > 1)
        {
            // Map: each report's quotes go to the model once (the digest is cached); reduce: the story is written from
            // the quotes the digests kept. A report whose digest did not verify keeps all of its quotes.
            var kept = new HashSet<Citation>();
            foreach (var reportId in story.ReportIds.Distinct())
            {
                var report = StoryMaterial.ForReport(story, reportId);
                if (report.Quotes.Count == 0)
                    continue;
                var digest = await AskAsync(DigestPrompt, report.ToReportJson(), report, ("max_points", MaxDigestPoints), $"digest of report {reportId}", ct);
                digestInput += digest.InputTokens;
                digestOutput += digest.OutputTokens;
                if (IsEndpointFailure(digest.FallbackReason))
                    return digest;
                kept.UnionWith(digest.FellBack ? report.Quotes.Select(q => q.Citation) : digest.Statements.SelectMany(st => st.Citations));
            }

            keep = kept;
        }

        var material = StoryMaterial.From(story, keep);
        if (material.Quotes.Count == 0)
            return VerifiedStory.Fallback("the story has no quotes to cite");
        var written = await AskAsync(prompt, material.ToJson(), material, ("max_statements", MaxStatements), $"story \"{story.Title}\"", ct);
        return written with { InputTokens = written.InputTokens + digestInput, OutputTokens = written.OutputTokens + digestOutput };
    }

    /// <summary>Whether a fallback came from the endpoint (down, refusing, too slow) rather than from a reply that did not verify.</summary>
    public static bool IsEndpointFailure(string? reason) =>
        reason is not null && (reason == UnavailableReason || reason.StartsWith("the model did not answer", StringComparison.Ordinal));

    /// <summary>One call: the prompt function with the data as its material, the reply verified against <paramref name="material"/>; cached.</summary>
    private async Task<VerifiedStory> AskAsync(string prompt, string data, StoryMaterial material, (string Name, int Value) limit, string what, CancellationToken ct)
    {
        var o = options.Value;
        // The template's fence around the data cannot be closed from inside: the material's JSON escapes every backtick.
        // The same material, prompt and model give the same reply: it is asked for once and reused.
        var key = CachePrefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"{o.Endpoint}\n{o.ModelName}\n{prompts.Template(prompt)}\n{limit.Name}={limit.Value}\n{data}")))[..32];
        if (await CachedAsync(key, ct) is { } cached)
            return StoryVerifier.Verify(cached, material);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.Timeout);
        var watch = Stopwatch.StartNew();
        try
        {
            var result = await prompts.Function(prompt).InvokeAsync(kernel, PromptLibrary.Arguments(LlmKernel.Settings(o), data, limit), timeout.Token);
            var response = result.GetValue<ChatResponse>();
            logger.LogInformation("LLM {What}: {Input} prompt + {Output} completion tokens in {Ms} ms",
                what, response?.Usage?.InputTokenCount, response?.Usage?.OutputTokenCount, watch.ElapsedMilliseconds);
            var text = response?.Text ?? result.ToString();
            if (text.Contains(data, StringComparison.Ordinal))
                return VerifiedStory.Fallback("the model echoed its prompt");
            var verified = StoryVerifier.Verify(text, material) with
            {
                InputTokens = response?.Usage?.InputTokenCount ?? 0,
                OutputTokens = response?.Usage?.OutputTokenCount ?? 0,
            };
            if (!verified.FellBack)
                await RememberAsync(key, text, ct);

            if (verified.Dropped > 0)
                logger.LogWarning("LLM {What}: {Dropped} statements dropped by verification", what, verified.Dropped);
            return verified;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return VerifiedStory.Fallback($"the model did not answer within {o.Timeout.TotalSeconds:0.#} s (Llm:Timeout)");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The detail (an address, a provider's error body) goes to the log, not to the chat.
            logger.LogWarning(e, "LLM {What} failed; the extractive text is used", what);
            return VerifiedStory.Fallback(UnavailableReason);
        }
    }

    /// <summary>The fallback reason when the endpoint failed (as opposed to a reply that did not verify).</summary>
    public const string UnavailableReason = "the model could not be reached or refused the request";

    /// <summary>A cached reply, or null; a cache that cannot be read is only logged.</summary>
    private async Task<string?> CachedAsync(string key, CancellationToken ct)
    {
        if (cache is null)
            return null;
        try
        {
            return await cache.GetStateAsync(key, ct);
        }
        catch (BriefingBotException e)
        {
            logger.LogWarning("The LLM cache could not be read ({Reason}); asking the model", e.Message);
            return null;
        }
    }

    private async Task RememberAsync(string key, string reply, CancellationToken ct)
    {
        if (cache is null)
            return;
        try
        {
            await cache.DeleteStateAsync(CachePrefix, CacheRetention, ct);
            await cache.SetStateAsync(key, reply, ct);
        }
        catch (BriefingBotException e)
        {
            logger.LogWarning("The LLM reply could not be cached ({Reason}); it is used anyway", e.Message);
        }
    }
}
