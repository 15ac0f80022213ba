using System.Text;
using BriefingBot.Core;
using BriefingBot.Core.Ingest;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Ingest;

public sealed class ReportFileReaderSpecs : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly ReportFileReader _reader = new(new IngestOptions { MaxFileBytes = 1024 * 1024 });

    public void Dispose() => _folder.Dispose();

    private string Read(string path) => Assert.Throws<BriefingBotException>(() => _reader.Read(path, new List<IngestProblem>()).ToList()).Message;

    [Fact]
    public void An_empty_file_is_refused_with_a_clear_reason()
    {
        Assert.Equal("empty.txt: the file is empty", Read(_folder.Write("empty.txt", "")));
    }

    [Fact]
    public void A_binary_file_is_refused()
    {
        Assert.Contains("binary file", Read(_folder.Write("image.txt", [0x89, 0x50, 0x4E, 0x47, 0, 0, 0, 13, 1, 2, 3])), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_UTF8_is_refused_with_the_offset()
    {
        var bytes = Encoding.UTF8.GetBytes("Valid start ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(" and more text.")).ToArray();

        Assert.Contains("not valid UTF-8 text (bad byte at offset 12)", Read(_folder.Write("latin.txt", bytes)), StringComparison.Ordinal);
    }

    [Fact]
    public void An_oversized_file_is_refused_naming_the_limit_and_the_setting()
    {
        var path = _folder.File("huge.txt");
        using (var f = File.Create(path))
            f.SetLength(2 * 1024 * 1024);

        Assert.Equal("huge.txt: the file is 2 MB; the limit for one report file is 1 MB (Ingest:MaxFileBytes)", Read(path));
    }

    [Fact]
    public void Unknown_extensions_and_missing_paths_are_reported_and_folders_expanded()
    {
        _folder.Write("a.txt", "Text one.");
        _folder.Write("sub/b.md", "Text two.");
        _folder.Write("c.pdf", "%PDF");
        var problems = new List<IngestProblem>();

        var files = _reader.ExpandPaths([_folder.Path, _folder.File("c.pdf"), _folder.File("missing.txt")], problems).Select(Path.GetFileName).ToList();

        Assert.Equal(["a.txt", "b.md"], files);
        Assert.Equal(2, problems.Count);
        Assert.Contains("unsupported file type '.pdf' (supported: .txt, .md, .jsonl)", problems[0].Message, StringComparison.Ordinal);
        Assert.Equal("no such file or folder", problems[1].Message);
    }

    [Fact]
    public void A_malformed_JSON_line_is_reported_with_its_line_number_and_the_rest_is_read()
    {
        var path = _folder.Write("bulk.jsonl", """
            {"outlet":"A","title":"One","url":"https://a.test/1","published":"2021-07-30","text":"First report text.","extra":1}
            {"outlet":"B", "text": "unterminated
            ["not an object"]
            {"outlet":"C","published":"yesterday","text":"Bad date."}
            {"outlet":"D","text":"Fourth report text."}
            """);
        var problems = new List<IngestProblem>();

        var reports = _reader.Read(path, problems).ToList();

        Assert.Equal(["A", "D"], reports.Select(r => r.Outlet));
        Assert.Equal(new DateTimeOffset(2021, 7, 30, 0, 0, 0, TimeSpan.Zero), reports[0].Published);
        Assert.Equal(["bulk.jsonl:2", "bulk.jsonl:3", "bulk.jsonl:4"], problems.Select(p => p.Source));
        Assert.StartsWith("malformed JSON", problems[0].Message, StringComparison.Ordinal);
        Assert.Equal("not a JSON object; skipped", problems[1].Message);
        Assert.Contains("\"published\" is not a date", problems[2].Message, StringComparison.Ordinal);
    }
}
