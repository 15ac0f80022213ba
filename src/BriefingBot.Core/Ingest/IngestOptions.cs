using System.ComponentModel.DataAnnotations;

namespace BriefingBot.Core.Ingest;

/// <summary>Limits on what one ingest reads (configuration section <c>Ingest</c>).</summary>
public sealed class IngestOptions
{
    public const string Section = "Ingest";

    /// <summary>The largest report file (or JSON line) accepted, in bytes. Default 10 MB.</summary>
    [Range(1024, 1L << 32, ErrorMessage = "Ingest:MaxFileBytes must be between 1024 and 4294967296 bytes.")]
    public long MaxFileBytes { get; set; } = 10 * 1024 * 1024;
}
