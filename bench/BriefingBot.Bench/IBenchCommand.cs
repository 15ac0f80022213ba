namespace BriefingBot.Bench;

/// <summary>One bench command (ingest, brief, ask, clustering): prints its own table of figures.</summary>
internal interface IBenchCommand
{
    string Name { get; }

    string Description { get; }

    Task RunAsync(BenchContext context, CancellationToken ct);
}
