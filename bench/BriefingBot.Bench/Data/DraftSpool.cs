using BriefingBot.Core.Domain;

namespace BriefingBot.Bench.Data;

/// <summary>
/// Prepared reports in a temp file, so that several stores are filled with exactly the same drafts in the same order
/// without generating them again or holding a million of them in memory.
/// </summary>
internal static class DraftSpool
{
    public static void Write(string path, IEnumerable<ReportDraft> drafts)
    {
        using var writer = new BinaryWriter(new BufferedStream(File.Create(path), 1 << 20));
        foreach (var d in drafts)
        {
            writer.Write(true);
            writer.Write(d.Outlet);
            WriteOptional(writer, d.Url);
            WriteOptional(writer, d.Title);
            writer.Write(d.Published is not null);
            if (d.Published is { } p)
            {
                writer.Write(p.UtcTicks);
                writer.Write((short)p.Offset.TotalMinutes);
            }

            writer.Write(d.Language);
            writer.Write(d.Text);
            writer.Write(d.ContentHash);
            WriteOptional(writer, d.CommunityId);
        }

        writer.Write(false);
    }

    /// <summary>The drafts in the order they were written, in batches of <paramref name="size"/>.</summary>
    public static IEnumerable<IReadOnlyList<ReportDraft>> ReadBatches(string path, int size)
    {
        using var reader = new BinaryReader(new BufferedStream(File.OpenRead(path), 1 << 20));
        var batch = new List<ReportDraft>(size);
        while (reader.ReadBoolean())
        {
            var outlet = reader.ReadString();
            var url = ReadOptional(reader);
            var title = ReadOptional(reader);
            DateTimeOffset? published = null;
            if (reader.ReadBoolean())
            {
                var ticks = reader.ReadInt64();
                var offset = TimeSpan.FromMinutes(reader.ReadInt16());
                published = new DateTimeOffset(ticks + offset.Ticks, offset);
            }

            batch.Add(new ReportDraft(outlet, url, title, published, reader.ReadString(), reader.ReadString(), reader.ReadString(), ReadOptional(reader)));
            if (batch.Count == size)
            {
                yield return batch;
                batch = new List<ReportDraft>(size);
            }
        }

        if (batch.Count > 0)
            yield return batch;
    }

    private static void WriteOptional(BinaryWriter writer, string? value)
    {
        writer.Write(value is not null);
        if (value is not null)
            writer.Write(value);
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
