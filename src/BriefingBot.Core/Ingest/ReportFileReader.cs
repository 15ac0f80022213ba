using System.Text;
using System.Text.Json;

namespace BriefingBot.Core.Ingest;

/// <summary>One problem with one input (a file, or a line of a bulk file); the rest of the input goes on.</summary>
public sealed record IngestProblem(string Source, string Message);

/// <summary>
/// Reads report files from disk: .txt and .md (one report each), .jsonl (one report a line), and folders
/// of them. Every refusal is a <see cref="BriefingBotException"/> or an <see cref="IngestProblem"/> with a
/// one-line reason; nothing here touches the store.
/// </summary>
public sealed class ReportFileReader(IngestOptions options)
{
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".txt", ".md", ".markdown", ".jsonl" };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Expands folders (recursively, supported extensions only) and checks that named files exist.</summary>
    public IEnumerable<string> ExpandPaths(IEnumerable<string> paths, ICollection<IngestProblem> problems)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    if (Extensions.Contains(Path.GetExtension(file)))
                        yield return file;
                }
            }
            else if (File.Exists(path))
            {
                if (Extensions.Contains(Path.GetExtension(path)))
                    yield return path;
                else
                    problems.Add(new IngestProblem(path, $"unsupported file type '{Path.GetExtension(path)}' (supported: .txt, .md, .jsonl)"));
            }
            else
            {
                problems.Add(new IngestProblem(path, "no such file or folder"));
            }
        }
    }

    /// <summary>Reads the reports in one file. Bad JSON lines become problems; a bad file throws.</summary>
    public IEnumerable<RawReport> Read(string path, ICollection<IngestProblem> problems)
    {
        var name = Path.GetFileName(path);
        var ext = Path.GetExtension(path).ToLowerInvariant();
        var fallbackOutlet = Path.GetFileNameWithoutExtension(path);
        if (ext == ".jsonl")
            return ReadJsonLines(path, name, problems);

        var text = ReadText(path, options.MaxFileBytes);
        var raw = ReportTextParser.Parse(text, name, markdown: ext is ".md" or ".markdown");
        return [raw with { FallbackOutlet = fallbackOutlet }];
    }

    /// <summary>Reads a whole text file, refusing empty, oversized, binary and non-UTF-8 files.</summary>
    public static string ReadText(string path, long maxBytes)
    {
        var info = new FileInfo(path);
        var name = info.Name;
        if (info.Length == 0)
            throw new BriefingBotException($"{name}: the file is empty");
        if (info.Length > maxBytes)
            throw new BriefingBotException($"{name}: the file is {Megabytes(info.Length)}; the limit for one report file is {Megabytes(maxBytes)} (Ingest:MaxFileBytes)");
        var bytes = File.ReadAllBytes(path);
        return Decode(bytes, name);
    }

    /// <summary>Decodes report bytes as UTF-8, refusing binary data and invalid UTF-8 with a clear reason.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string name)
    {
        if (LooksBinary(bytes))
            throw new BriefingBotException($"{name}: this is a binary file, not a text report");
        try
        {
            var text = StrictUtf8.GetString(bytes);
            if (string.IsNullOrWhiteSpace(text.TrimStart('\ufeff')))
                throw new BriefingBotException($"{name}: the file holds only white space");
            return text;
        }
        catch (DecoderFallbackException e)
        {
            throw new BriefingBotException($"{name}: not valid UTF-8 text (bad byte at offset {e.Index}); convert it to UTF-8 first", e);
        }
    }

    private static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        var sample = bytes[..Math.Min(bytes.Length, 8192)];
        var control = 0;
        foreach (var b in sample)
        {
            if (b == 0)
                return true;
            if (b < 32 && b is not (9 or 10 or 13 or 12))
                control++;
        }

        return control > sample.Length / 20;
    }

    private IEnumerable<RawReport> ReadJsonLines(string path, string name, ICollection<IngestProblem> problems)
    {
        var info = new FileInfo(path);
        if (info.Length == 0)
            throw new BriefingBotException($"{name}: the file is empty");
        using var stream = File.OpenRead(path);
        using var reader = new StreamReader(stream, StrictUtf8, detectEncodingFromByteOrderMarks: true);
        var lineNumber = 0;
        while (true)
        {
            string? line;
            try
            {
                line = reader.ReadLine();
            }
            catch (DecoderFallbackException e)
            {
                throw new BriefingBotException($"{name}: not valid UTF-8 text after line {lineNumber}; convert it to UTF-8 first", e);
            }

            if (line is null)
                yield break;
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
                continue;
            var source = $"{name}:{lineNumber}";
            if (line.Length > options.MaxFileBytes)
            {
                problems.Add(new IngestProblem(source, $"line is longer than the {Megabytes(options.MaxFileBytes)} report limit (Ingest:MaxFileBytes); skipped"));
                continue;
            }

            var parsed = ParseJsonLine(line, source, out var error) is { } r ? r with { FallbackOutlet = Path.GetFileNameWithoutExtension(name) } : null;
            if (parsed is null)
                problems.Add(new IngestProblem(source, error!));
            else
                yield return parsed;
        }
    }

    internal static RawReport? ParseJsonLine(string line, string source, out string? error)
    {
        error = null;
        try
        {
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "not a JSON object; skipped";
                return null;
            }

            var root = doc.RootElement;
            var text = Str(root, "text");
            if (string.IsNullOrWhiteSpace(text))
            {
                error = "no \"text\" field; skipped";
                return null;
            }

            DateTimeOffset? published = null;
            var publishedText = Str(root, "published");
            if (publishedText is not null)
            {
                if (!ReportTextParser.TryParseDate(publishedText, out var p))
                {
                    error = $"\"published\" is not a date ('{Shorten(publishedText)}'); skipped";
                    return null;
                }

                published = p;
            }

            return new RawReport(text, source, Str(root, "outlet"), Str(root, "title"), Str(root, "url"), published);
        }
        catch (JsonException e)
        {
            error = $"malformed JSON ({e.Message.Split('.')[0]}); skipped";
            return null;
        }
    }

    private static string? Str(JsonElement root, string name) =>
        root.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            _ => null,
        } : null;

    private static string Shorten(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static string Megabytes(long bytes) => $"{bytes / 1024.0 / 1024.0:0.#} MB";
}
