using System.CommandLine;
using System.IO.Compression;
using System.Text.Json;
using BriefingBot.Core.Sources;

namespace BriefingBot.Cli;

/// <summary>
/// <c>extract PATH... [--out FILE.json]</c>: article text of saved pages (.html, .html.gz, or folders of them) as
/// <c>{id: {"articleBody": text}}</c>, id = file name without .html/.html.gz (the article-extraction benchmark's format).
/// </summary>
internal static class ExtractCommand
{
    private const long MaxPageBytes = 20 * 1024 * 1024;

    public static Command Create(CliOutput output)
    {
        var paths = new Argument<string[]>("paths") { Description = ".html or .html.gz files, or folders of them", Arity = ArgumentArity.OneOrMore };
        var outFile = new Option<string?>("--out") { Description = "Write the JSON here instead of standard output" };
        var command = new Command("extract", "Extract the article text of saved web pages as benchmark JSON") { paths, outFile };
        command.SetAction(async (parse, ct) =>
        {
            var result = new SortedDictionary<string, object>(StringComparer.Ordinal);
            var failures = 0;
            foreach (var file in Files(parse.GetValue(paths)!, output))
            {
                try
                {
                    var html = await ReadPageAsync(file, ct);
                    result[Id(file)] = new { articleBody = ArticleExtractor.Extract(html).Text };
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or Core.BriefingBotException)
                {
                    failures++;
                    output.Error.WriteLine($"error: {file}: {e.Message}");
                }
            }

            var json = JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            if (parse.GetValue(outFile) is { } target)
            {
                await File.WriteAllTextAsync(target, json, ct);
                output.Out.WriteLine($"{result.Count} pages extracted to {target}{(failures > 0 ? $", {failures} failed" : "")}");
            }
            else
            {
                output.Out.WriteLine(json);
            }

            return result.Count == 0 && failures > 0 ? 1 : 0;
        });
        return command;
    }

    private static IEnumerable<string> Files(IEnumerable<string> paths, CliOutput output)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path).Where(IsPage).Order(StringComparer.Ordinal))
                    yield return file;
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
            else
            {
                output.Error.WriteLine($"error: {path}: no such file or folder");
            }
        }
    }

    private static bool IsPage(string file) =>
        file.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".html.gz", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".htm", StringComparison.OrdinalIgnoreCase);

    internal static string Id(string file)
    {
        var name = Path.GetFileName(file);
        foreach (var suffix in new[] { ".html.gz", ".htm.gz", ".html", ".htm" })
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
                return name[..^suffix.Length];
        }

        return name;
    }

    /// <summary>The page as text: gunzipped when it ends in .gz, capped, decoded by BOM or its own meta charset.</summary>
    internal static async Task<string> ReadPageAsync(string file, CancellationToken ct)
    {
        await using var stream = File.OpenRead(file);
        await using Stream source = file.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        var bytes = await Core.CappedRead.ReadAllAsync(source, MaxPageBytes, $"the page is larger than {MaxPageBytes / 1024 / 1024} MB", ct);
        return TextDecoder.Decode(bytes, null).Text;
    }
}
