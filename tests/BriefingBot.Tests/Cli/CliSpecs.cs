using System.Text.Json;
using BriefingBot.Cli;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Cli;

/// <summary>The command line as a user runs it, against a database in a temp folder.</summary>
public sealed class CliSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Db => _folder.File("bot.db");

    private async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task I_can_ingest_the_samples_and_get_their_briefing_as_JSON()
    {
        var ingest = await Run("ingest", Samples.Folder, "--db", Db);
        var brief = await Run("brief", "--since", "2000-01-01", "--format", "json", "--db", Db);

        Assert.Equal(0, ingest.Exit);
        Assert.Contains("3 stored, 0 already stored, 0 refused", ingest.Out, StringComparison.Ordinal);
        Assert.Equal(0, brief.Exit);
        using var doc = JsonDocument.Parse(brief.Out);
        Assert.Equal(3, doc.RootElement.GetProperty("reportCount").GetInt32());
        Assert.Equal(2, doc.RootElement.GetProperty("stories").GetArrayLength());
    }

    [Fact]
    public async Task Migrate_applies_the_schema_once_and_then_says_it_is_up_to_date()
    {
        var before = await Run("health", "--db", Db);
        var first = await Run("migrate", "--db", Db);
        var after = await Run("health", "--db", Db);
        var second = await Run("migrate", "--db", Db);

        Assert.Equal(0, first.Exit);
        Assert.StartsWith($"SQLite {Db}: applied {Core.Storage.SqliteMigrations.All.Count} migrations:", first.Out, StringComparison.Ordinal);
        Assert.Contains("  1: reports and outlets with full-text search", first.Out, StringComparison.Ordinal);
        Assert.Equal(0, second.Exit);
        Assert.Equal($"SQLite {Db}: the schema is up to date; nothing to apply.", second.Out.Trim());
        Assert.Equal((1, $"unhealthy: {Core.Storage.SqliteMigrations.All.Count} migrations are not applied (run: migrate)"), (before.Exit, before.Err.Trim()));
        Assert.Equal((0, "healthy: 0 reports stored"), (after.Exit, after.Out.Trim()));
    }

    [Fact]
    public async Task Ingesting_the_same_reports_again_changes_nothing()
    {
        await Run("ingest", Samples.Folder, "--db", Db);

        var again = await Run("ingest", Samples.Folder, "--db", Db);
        var sources = await Run("sources", "list", "--db", Db);

        Assert.Equal(0, again.Exit);
        Assert.Contains("0 stored, 3 already stored, 0 refused", again.Out, StringComparison.Ordinal);
        Assert.Contains("The Moscow Times", sources.Out, StringComparison.Ordinal);
        Assert.Contains("      1  2020-07-14 00:00", sources.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flags_set_the_outlet_url_and_date_of_an_ingested_report()
    {
        var file = _folder.Write("note.txt", "The council approved the new budget on Thursday after a long debate.");

        await Run("ingest", file, "--outlet", "City Herald", "--url", "https://herald.test/budget", "--published", "2024-05-02", "--db", Db);
        var brief = await Run("brief", "--since", "2024-05-01", "--until", "2024-05-03", "--format", "json", "--db", Db);

        using var doc = JsonDocument.Parse(brief.Out);
        var report = doc.RootElement.GetProperty("reports")[0];
        Assert.Equal(("City Herald", "https://herald.test/budget", "2024-05-02T00:00:00Z"),
            (report.GetProperty("outlet").GetString(), report.GetProperty("url").GetString(), report.GetProperty("published").GetString()));
    }

    [Fact]
    public async Task Bad_files_are_refused_one_line_each_and_the_good_ones_are_stored()
    {
        var empty = _folder.Write("empty.txt", "");
        var binary = _folder.Write("bin.txt", [0, 1, 2, 3, 0, 0]);
        var unknown = _folder.Write("doc.pdf", "%PDF-1.4");
        var good = _folder.Write("good.txt", "The river burst its banks on Sunday, flooding two villages.");

        var result = await Run("ingest", empty, binary, unknown, good, "--db", Db);

        Assert.Equal(0, result.Exit);
        Assert.Contains("1 stored, 0 already stored, 3 refused", result.Out, StringComparison.Ordinal);
        var errors = result.Err.Trim().Split('\n');
        Assert.Equal(3, errors.Length);
        Assert.Contains(errors, e => e.EndsWith("empty.txt: the file is empty", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.EndsWith("bin.txt: this is a binary file, not a text report", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_that_fails_entirely_exits_non_zero_and_keeps_what_was_stored()
    {
        await Run("ingest", Samples.Folder, "--db", Db);
        var empty = _folder.Write("empty.txt", "");

        var result = await Run("ingest", empty, "--db", Db);
        var count = await Run("brief", "--since", "2000-01-01", "--format", "json", "--db", Db);

        Assert.Equal(1, result.Exit);
        using var doc = JsonDocument.Parse(count.Out);
        Assert.Equal(3, doc.RootElement.GetProperty("reportCount").GetInt32());
    }

    [Fact]
    public async Task A_missing_data_directory_is_a_clear_error()
    {
        var result = await Run("sources", "list", "--db", _folder.File("no/such/dir/bot.db"));

        Assert.Equal(1, result.Exit);
        Assert.StartsWith("error: the data directory", result.Err, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_window_says_so_and_suggests_since()
    {
        await Run("ingest", Samples.Folder, "--db", Db);

        var result = await Run("brief", "--until", "2001-01-01", "--db", Db);

        Assert.Equal(0, result.Exit);
        Assert.Contains("No reports in the window", result.Out, StringComparison.Ordinal);
        Assert.Contains("--since", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_date_is_refused_with_an_example()
    {
        var result = await Run("brief", "--since", "last tuesday", "--db", Db);

        Assert.Equal(1, result.Exit);
        Assert.Equal("error: --since 'last tuesday' is not a date; use e.g. 2020-07-14 or 2020-07-14T08:00:00Z", result.Err.Trim());
    }

    [Fact]
    public async Task Ask_answers_from_the_stored_reports_in_JSON_and_says_when_nothing_covers_it()
    {
        await Run("ingest", Samples.Folder, "--db", Db);

        var covered = await Run("ask", "What happened to the joint patrol on the M4 highway?", "--format", "json", "--db", Db);
        var uncovered = await Run("ask", "Who won the election in Brazil?", "--format", "json", "--db", Db);

        using var a = JsonDocument.Parse(covered.Out);
        Assert.True(a.RootElement.GetProperty("covered").GetBoolean());
        Assert.NotEqual(0, a.RootElement.GetProperty("citations").GetArrayLength());
        using var b = JsonDocument.Parse(uncovered.Out);
        Assert.False(b.RootElement.GetProperty("covered").GetBoolean());
        Assert.Equal("None of the stored reports covers that.", b.RootElement.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task The_demo_prints_the_briefing_of_the_samples_without_touching_the_default_database()
    {
        var result = await Run("demo");

        Assert.Equal(0, result.Exit);
        Assert.Contains("Ingested 3 sample reports", result.Out, StringComparison.Ordinal);
        Assert.Contains("Outlets disagree on weapon/cause:", result.Out, StringComparison.Ordinal);
        Assert.Contains("2 stories", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_50_MB_file_is_refused_naming_the_limit_and_the_rest_is_stored()
    {
        var huge = _folder.File("huge.txt");
        using (var f = File.Create(huge))
            f.SetLength(50L * 1024 * 1024);

        var result = await Run("ingest", huge, Samples.MoscowTimes, "--db", Db);

        Assert.Equal(0, result.Exit);
        Assert.Contains("error: ", result.Err, StringComparison.Ordinal);
        Assert.Contains("huge.txt: the file is 50 MB; the limit for one report file is 10 MB (Ingest:MaxFileBytes)", result.Err, StringComparison.Ordinal);
        Assert.Contains("1 stored, 0 already stored, 1 refused", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_gets_a_one_line_error_and_a_pointer_to_help()
    {
        var result = await Run("frobnicate");

        Assert.Equal(2, result.Exit);
        Assert.Equal(["error: Unrecognized command or argument 'frobnicate'.", "Run '--help' for usage."], result.Err.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_url_flag_with_several_reports_is_refused_and_nothing_is_stored()
    {
        var result = await Run("ingest", Samples.Folder, "--url", "https://example.test/a", "--db", Db);
        var sources = await Run("sources", "list", "--db", Db);

        Assert.Equal(1, result.Exit);
        Assert.Equal("error: --url names the URL of one report; ingest one .txt or .md file at a time with it", result.Err.Trim());
        Assert.Contains("No outlets yet", sources.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_JSON_line_without_an_outlet_takes_the_file_name_and_duplicates_leave_no_phantom_outlet()
    {
        var bulk = _folder.Write("wire.jsonl", "{\"text\":\"The harbour bridge reopened on Monday after repairs.\"}\n{\"outlet\":\"Ghost\",\"text\":\"The harbour bridge reopened on Monday after repairs.\"}\n");

        await Run("ingest", bulk, "--db", Db);
        var sources = await Run("sources", "list", "--db", Db);

        Assert.Contains("wire", sources.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Ghost", sources.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extract_writes_the_article_text_of_saved_pages_in_the_benchmarks_format()
    {
        var pages = Directory.CreateDirectory(_folder.File("pages")).FullName;
        const string html = "<html><head><title>Floods</title></head><body><nav><a href='/'>Home</a></nav><article>" +
            "<p>Rivers burst their banks on Sunday, flooding two villages in the north of the province, officials said, and hundreds of people left their homes.</p>" +
            "<p>Rescue teams used boats to reach families on the roofs of their houses, and the army sent trucks with food and blankets to the schools used as shelters.</p></article>" +
            "<div class='comments'>Notify of new replies</div></body></html>";
        await File.WriteAllTextAsync(Path.Combine(pages, "floods.html"), html);
        await using (var gz = new System.IO.Compression.GZipStream(File.Create(Path.Combine(pages, "storm.html.gz")), System.IO.Compression.CompressionLevel.Fastest))
            await gz.WriteAsync(System.Text.Encoding.UTF8.GetBytes(html.Replace("Rivers", "Storms", StringComparison.Ordinal)));
        var output = _folder.File("out.json");

        var run = await Run("extract", pages, "--out", output);

        Assert.Equal(0, run.Exit);
        Assert.Equal("2 pages extracted to " + output, run.Out.Trim());
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(output));
        Assert.Equal(["floods", "storm"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        var floods = doc.RootElement.GetProperty("floods").GetProperty("articleBody").GetString()!;
        Assert.StartsWith("Rivers burst their banks on Sunday", floods, StringComparison.Ordinal);
        Assert.DoesNotContain("Notify of", floods, StringComparison.Ordinal);
        Assert.StartsWith("Storms burst", doc.RootElement.GetProperty("storm").GetProperty("articleBody").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sources_add_refuses_a_private_address_saves_nothing_and_exits_1()
    {
        var run = await Run("sources", "add", "Router Admin", "http://192.168.1.1/feed", "--db", Db);

        Assert.Equal(1, run.Exit);
        Assert.Equal("", run.Out);
        Assert.StartsWith("error: Router Admin was not added: refused: 192.168.1.1 is a private address", run.Err, StringComparison.Ordinal);
        var store = new Core.Storage.SqliteReportStore(Core.Storage.SqliteReportStore.ConnectionStringForFile(Db, TimeSpan.FromSeconds(5)), TimeProvider.System);
        Assert.Empty(await store.ListSourcesAsync(global::BriefingBot.Platforms.Console.ConsoleChat.CommunityId));
    }

    [Fact]
    public async Task Controls_in_an_ingested_outlet_and_text_never_reach_the_terminal()
    {
        var jsonl = _folder.Write("evil.jsonl", System.Text.Json.JsonSerializer.Serialize(new
        {
            outlet = "Evil\u001b[31mRED",
            title = "Title\u001b]0;pwned\u0007 of the day",
            text = "The harbour bridge\u0007 closed\u0000 for repairs on Monday,\u001b[2J the city council said.",
        }) + "\n");

        var ingest = await Run("ingest", jsonl, "--db", Db);
        var list = await Run("sources", "list", "--db", Db);
        var brief = await Run("brief", "--since", "2000-01-01", "--db", Db);

        Assert.Equal(0, ingest.Exit);
        Assert.Contains("(EvilRED) \"Title of the day\"", ingest.Out, StringComparison.Ordinal);
        Assert.Contains("EvilRED", list.Out, StringComparison.Ordinal);
        Assert.Contains("The harbour bridge closed for repairs on Monday, the city council said.", brief.Out, StringComparison.Ordinal);
        Assert.All(new[] { ingest.Out, ingest.Err, list.Out, brief.Out }, o => Assert.DoesNotContain(o, c => char.IsControl(c) && c is not '\n' and not '\t'));
    }
}
