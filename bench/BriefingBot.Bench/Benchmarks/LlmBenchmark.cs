using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using BriefingBot.Bench.Data;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Core.Llm;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Stories;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static BriefingBot.Bench.Infrastructure.FigureTable;

namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// What the LLM path sends for a 100-report day: the engine's briefing, then every story through
/// <see cref="LlmBriefingWriter"/> with the repository's prompt files, against a model stand-in that answers each
/// story with one statement citing its first quote (so every story verifies and is cached). Counted: model calls,
/// prompt and completion characters, and tokens estimated at 4 characters a token (the model's own tokenizer
/// decides the real count); then the same day again, served from the cache.
/// </summary>
internal sealed partial class LlmBenchmark : IBenchCommand
{
    private const int DayReports = 100;
    private const int Events = 12;
    private static readonly DateTimeOffset Day = new(2021, 6, 15, 0, 0, 0, TimeSpan.Zero);

    public string Name => "llm";

    public string Description => "a 100-report day through the LLM story writer: model calls, prompt/completion characters and estimated tokens, then the cached rerun";

    public async Task RunAsync(BenchContext context, CancellationToken ct)
    {
        var generator = context.Generator(salt: 7);
        var stories = generator.PickStories(Events);
        var day = Enumerable.Range(0, DayReports).Select(i => generator.Next(stories[i % stories.Count], Day + TimeSpan.FromSeconds(generator.NextDouble() * 86_399))).ToList();
        var store = await Stores.CreateAsync(context.Temp.File("llm.db"), ct);
        await Stores.AddAsync(store, day.Select(g => g.Raw), ct);
        var briefing = new BriefingEngine().Build(await store.GetReportsAsync(Day, Day.AddDays(1), ct), Day, Day.AddDays(1));

        var model = new CountingModel();
        var options = Options.Create(new LlmOptions { Endpoint = "http://stand-in/v1", Model = "stand-in" });
        var prompts = PromptLibrary.Load(Path.Combine(context.Data.RepoRoot, "prompts"));
        var writer = new LlmBriefingWriter(new LlmStoryWriter(LlmKernel.Create(model), prompts, options, NullLogger<LlmStoryWriter>.Instance, store), NullLogger<LlmBriefingWriter>.Instance);

        var watch = Stopwatch.StartNew();
        var written = await writer.WriteAsync(briefing, ct);
        var firstSeconds = watch.Elapsed.TotalSeconds;
        var first = model.Snapshot();
        watch.Restart();
        var again = await writer.WriteAsync(briefing, ct);
        var secondSeconds = watch.Elapsed.TotalSeconds;
        var second = model.Snapshot();

        var table = new FigureTable(F($"llm: a day of {briefing.Reports.Count} reports, {briefing.Stories.Count} stories"));
        table.Add("stories sent / written and verified", F($"{first.Calls} / {written.Stories.Count(s => s.Statements is not null)} (at most {LlmBriefingWriter.MaxStories} per briefing)"));
        table.Add("prompt: characters / estimated tokens", F($"{first.PromptChars:#,0} / ~{first.PromptChars / 4:#,0} (~{first.PromptChars / 4 / Math.Max(1, first.Calls):#,0} per story)"));
        table.Add("completion: characters / estimated tokens", F($"{first.CompletionChars:#,0} / ~{first.CompletionChars / 4:#,0}"));
        table.Add("largest prompt (characters)", F($"{first.LargestPrompt:#,0}"));
        table.Add("time without a model's latency (build prompts, verify, cache)", F($"{firstSeconds * 1000:0} ms"));
        table.AtMost("same day again: model calls (cache)", second.Calls - first.Calls, F($"{second.Calls - first.Calls}"), 0, "0");
        table.Add("same day again: verified stories / time", F($"{again.Stories.Count(s => s.Statements is not null)} / {secondSeconds * 1000:0} ms"));
        table.Note("Token counts are estimates (characters / 4); the endpoint's tokenizer gives the real ones, which the bot logs per story.");
        table.Print();

        // A day that grows: /brief at midday (the first half of the reports), then again in the evening (all of them).
        var growing = new FigureTable("llm: the same day briefed at midday and again in the evening (stories gain reports)");
        foreach (var digests in new[] { true, false })
        {
            var fresh = await Stores.CreateAsync(context.Temp.File($"llm-growing-{digests}.db"), ct);
            await Stores.AddAsync(fresh, day.Take(DayReports / 2).Select(g => g.Raw), ct);
            var counting = new CountingModel();
            var growingWriter = new LlmBriefingWriter(
                new LlmStoryWriter(LlmKernel.Create(counting), prompts, Options.Create(new LlmOptions { Endpoint = "http://stand-in/v1", Model = "stand-in", ReportDigests = digests }), NullLogger<LlmStoryWriter>.Instance, fresh),
                NullLogger<LlmBriefingWriter>.Instance);
            await growingWriter.WriteAsync(new BriefingEngine().Build(await fresh.GetReportsAsync(Day, Day.AddDays(1), ct), Day, Day.AddDays(1)), ct);
            var midday = counting.Snapshot();
            await Stores.AddAsync(fresh, day.Skip(DayReports / 2).Select(g => g.Raw), ct);
            await growingWriter.WriteAsync(new BriefingEngine().Build(await fresh.GetReportsAsync(Day, Day.AddDays(1), ct), Day, Day.AddDays(1)), ct);
            var evening = counting.Snapshot();
            growing.Add(digests ? "with digests: calls midday / evening" : "without digests: calls midday / evening", F($"{midday.Calls} / {evening.Calls - midday.Calls}"));
            growing.Add(digests ? "with digests: prompt characters midday / evening" : "without digests: prompt characters midday / evening",
                F($"{midday.PromptChars:#,0} / {evening.PromptChars - midday.PromptChars:#,0} (~{(evening.PromptChars - midday.PromptChars) / 4:#,0} tokens in the evening)"));
        }

        growing.Note("Without digests (the default) a story that gained a report is sent again with its quotes (at most 30); with Llm:ReportDigests only the new reports' quotes and the quotes the digests kept go out, but every report costs a call of its own.");
        growing.Print();
    }

    /// <summary>
    /// A stand-in model: for each call, one neutral statement (no names, no numbers, one plain word of the quote that is no verb of saying, so the
    /// verifier sees the quote back it) citing the first quote with its outlet.
    /// </summary>
    private sealed partial class CountingModel : IChatClient
    {
        private int _calls;
        private long _prompt;
        private long _completion;
        private int _largest;

        public (int Calls, long PromptChars, long CompletionChars, int LargestPrompt) Snapshot() => (_calls, _prompt, _completion, _largest);

        private static string Neutral(string quote) =>
            $"What happened involves {quote.Split(' ').Select(w => w.Trim(',', '.', '"', '“', '”', ';', ':')).FirstOrDefault(w => w.Length >= 6 && w.All(char.IsLower) && !w.EndsWith("ed", StringComparison.Ordinal) && !w.EndsWith('s')) ?? "events"}.";

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            var chars = list.Sum(m => m.Text.Length);
            _calls++;
            _prompt += chars;
            _largest = Math.Max(_largest, chars);
            var data = FencedJson().Match(list[^1].Text).Groups[1].Value;
            using var json = JsonDocument.Parse(data);
            var q = json.RootElement.GetProperty("quotes")[0];
            var reply = JsonSerializer.Serialize(new
            {
                title = json.RootElement.TryGetProperty("story", out var story) ? story.GetString() : null,
                statements = new[] { new { text = Neutral(q.GetProperty("quote").GetString()!), citations = new[] { new { quote = q.GetProperty("id").GetString(), outlet = q.GetProperty("outlet").GetString() } } } },
            });
            _completion += reply.Length;
            return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, reply)));
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("stand-in") : null;

        public void Dispose()
        {
        }

        [GeneratedRegex("```json\\n(.*)\\n```", RegexOptions.Singleline)]
        private static partial Regex FencedJson();
    }
}
