namespace BriefingBot.Bench;

/// <summary>One bench command (ingest, brief, ask, clustering, telegram-delivery): prints its own table of figures.</summary>
internal interface IBenchCommand
{
    string Name { get; }

    string Description { get; }

    /// <summary>Whether the command reads the allsides data and the seeds (all but telegram-delivery do).</summary>
    bool NeedsSharedData => true;

    Task RunAsync(BenchContext context, CancellationToken ct);
}
