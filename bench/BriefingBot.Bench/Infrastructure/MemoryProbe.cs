using System.Diagnostics;

namespace BriefingBot.Bench.Infrastructure;

/// <summary>Peak working set of the process and what the GC allocated while one command ran.</summary>
internal sealed class MemoryProbe
{
    public const double TargetMegabytes = 500;

    private readonly long _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);

    public void Print(string command)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peak = process.PeakWorkingSet64 / 1024.0 / 1024.0;
        var allocated = (GC.GetTotalAllocatedBytes(precise: true) - _allocatedAtStart) / 1024.0 / 1024.0;
        var info = GC.GetGCMemoryInfo();
        var table = new FigureTable($"{command}: memory");
        table.AtMost("peak working set (process)", peak, FigureTable.F($"{peak:0} MB"), TargetMegabytes, FigureTable.F($"{TargetMegabytes:0} MB"));
        table.Add("GC: total allocated during the command", FigureTable.F($"{allocated:#,0} MB"));
        table.Add("GC: managed heap at the end", FigureTable.F($"{info.HeapSizeBytes / 1024.0 / 1024.0:0} MB"));
        table.Print();
    }
}

/// <summary>
/// The largest working set seen while one phase of a command runs, sampled every 50 ms. The process's peak working
/// set (<see cref="MemoryProbe"/>) covers the whole command and never goes down, so it cannot tell a phase from the
/// ones before it; a sample can miss a spike shorter than the interval.
/// </summary>
internal sealed class PhaseMemory : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    private PhaseMemory()
    {
        // What earlier phases left in the managed heap is handed back first, so it does not count towards this one.
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        AtStartMegabytes = Environment.WorkingSet / 1024.0 / 1024.0;
        _peak = Environment.WorkingSet;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
    }

    public double AtStartMegabytes { get; }

    public double PeakMegabytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak) / 1024.0 / 1024.0;
        }
    }

    public static PhaseMemory Start() => new();

    private void Sample()
    {
        var now = Environment.WorkingSet;
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }

    public void Dispose() => _timer.Dispose();
}
