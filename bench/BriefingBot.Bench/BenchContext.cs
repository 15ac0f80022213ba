using BriefingBot.Bench.Data;
using BriefingBot.Bench.Infrastructure;

namespace BriefingBot.Bench;

/// <summary>What a command gets: its inputs, options and a temp folder that is deleted afterwards.</summary>
internal sealed class BenchContext(BenchData data, BenchOptions options, TempFolder temp)
{
    private Corpus? _corpus;

    public BenchData Data { get; } = data;

    public BenchOptions Options { get; } = options;

    public TempFolder Temp { get; } = temp;

    /// <summary>The allsides stories and the seed reports, loaded once.</summary>
    public Corpus Corpus => _corpus ??= Corpus.Load(Data);

    public ReportGenerator Generator(int salt = 0) => new(Corpus, Options.Seed + salt);
}
