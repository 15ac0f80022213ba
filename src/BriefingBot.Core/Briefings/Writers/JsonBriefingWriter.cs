using System.Text.Encodings.Web;
using System.Text.Json;
using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Briefings.Writers;

/// <summary>
/// The stable JSON contract (documented in docs/briefing-json.md): reportCount, outletCount, reports, stories (ranked,
/// the top <c>Briefing:MaxStories</c>) with key, summary, claims and disagreements, and moreStories; every source is
/// {outlet, reportId, quote, attributedTo}.
/// </summary>
public sealed class JsonBriefingWriter : BriefingWriter
{
    internal static readonly JsonWriterOptions Options = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public override string Format => "json";

    public override void Write(Domain.Briefing briefing, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Options))
        {
            w.WriteStartObject();
            w.WriteNumber("reportCount", briefing.Reports.Count);
            w.WriteNumber("outletCount", briefing.OutletCount);
            WriteTime(w, "since", briefing.Since);
            WriteTime(w, "until", briefing.Until);
            w.WriteStartArray("reports");
            foreach (var r in briefing.Reports)
            {
                w.WriteStartObject();
                w.WriteNumber("id", r.Id);
                w.WriteString("outlet", r.Outlet);
                w.WriteString("title", r.Title);
                w.WriteString("url", r.Url);
                WriteTime(w, "published", r.Published);
                w.WriteString("language", r.Language);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            if (briefing.Note is not null)
                w.WriteString("note", briefing.Note);
            w.WriteStartArray("stories");
            foreach (var s in briefing.Stories)
            {
                w.WriteStartObject();
                w.WriteNumber("key", s.Key);
                w.WriteString("title", s.Title);
                w.WriteStartArray("reportIds");
                foreach (var id in s.ReportIds)
                    w.WriteNumberValue(id);
                w.WriteEndArray();
                w.WriteStartArray("outlets");
                foreach (var o in s.Outlets)
                    w.WriteStringValue(o);
                w.WriteEndArray();
                if (s.Summary is { } summary)
                {
                    w.WriteStartObject("summary");
                    w.WriteString("text", summary.Text);
                    WriteSources(w, summary.Sources);
                    w.WriteEndObject();
                }
                else
                {
                    w.WriteNull("summary");
                }

                if (s.Statements is { } statements)
                {
                    // The LLM's verified version of the story; the engine's claims below stay the record.
                    w.WriteStartObject("written");
                    w.WriteString("title", s.DisplayTitle);
                    w.WriteStartArray("statements");
                    foreach (var statement in statements)
                    {
                        w.WriteStartObject();
                        w.WriteString("text", statement.Text);
                        WriteSources(w, statement.Citations);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteNumber("dropped", s.Written!.Dropped);
                    w.WriteEndObject();
                }

                w.WriteStartArray("claims");
                foreach (var c in s.Claims)
                {
                    w.WriteStartObject();
                    w.WriteString("text", c.Text);
                    w.WriteBoolean("singleSource", c.SingleSource);
                    WriteSources(w, c.Sources);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("disagreements");
                foreach (var d in s.Disagreements)
                {
                    w.WriteStartObject();
                    w.WriteString("aspect", d.Aspect);
                    w.WriteStartArray("positions");
                    foreach (var p in d.Positions)
                    {
                        w.WriteStartObject();
                        w.WriteString("text", p.Text);
                        WriteSources(w, p.Sources);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("moreStories", briefing.MoreStories);
            w.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    internal static void WriteSources(Utf8JsonWriter w, IEnumerable<Citation> sources, string name = "sources")
    {
        w.WriteStartArray(name);
        foreach (var c in sources)
        {
            w.WriteStartObject();
            w.WriteString("outlet", c.Outlet);
            w.WriteNumber("reportId", c.ReportId);
            w.WriteString("quote", c.Quote);
            w.WriteString("attributedTo", c.AttributedTo);
            w.WriteBoolean("attributedInPart", c.AttributedInPart);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteTime(Utf8JsonWriter w, string name, DateTimeOffset? t)
    {
        if (t is { } v)
            w.WriteString(name, v.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
        else
            w.WriteNull(name);
    }
}
