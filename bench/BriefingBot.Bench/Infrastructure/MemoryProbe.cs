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
