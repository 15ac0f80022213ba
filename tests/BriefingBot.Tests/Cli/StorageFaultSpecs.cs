using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Cli;

/// <summary>
/// Storage that fails under the bot (a full disk, a read-only or damaged file) as an operator meets it: the real CLI
/// process on a real file system. Each command says what is wrong and what to do in one line, exits 1, and the
/// reports already stored stay intact.
/// </summary>
public sealed class StorageFaultSpecs : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    /// <summary>1,400 reports of about 3 KB each: several times what a 600 KB disk holds.</summary>
    private string BigJsonl()
    {
        var text = File.ReadAllText(Path.Combine(Samples.Folder, "000_438e29d1a6d894ed.txt")).Replace("\n", " ", StringComparison.Ordinal);
        var lines = Enumerable.Range(0, 1400).Select(i => System.Text.Json.JsonSerializer.Serialize(new
        {
            outlet = $"Outlet {i % 7}",
            title = $"Report number {i}",
            url = $"https://example.com/report/{i}",
            text = $"Report {i} of the day. " + text,
        }));
        return _folder.Write("big.jsonl", string.Join("\n", lines));
    }

    [Fact]
    public async Task Ingest_onto_a_full_disk_says_so_in_one_line_exits_1_and_keeps_what_was_stored()
    {
        var big = BigJsonl();
        var disk = _folder.File("disk");
        Directory.CreateDirectory(disk);

        var output = await ShellScript.RunAsync($"""
            set -u
            mount -t tmpfs -o size=600k tmpfs '{disk}' || exit 3
            $BOT ingest '{Samples.Folder}' --db '{disk}/bot.db' > /dev/null; echo "first=$?"
            $BOT ingest '{big}' --db '{disk}/bot.db' > '{disk}/../out.txt' 2> '{disk}/../err.txt'; echo "big=$?"
            echo "stderr-lines=$(wc -l < '{disk}/../err.txt')"; cat '{disk}/../err.txt'
            $BOT sources list --db '{disk}/bot.db'; echo "list=$?"
            $BOT health --db '{disk}/bot.db'; echo "health=$?"
            """, privateMounts: true);

        Assert.Contains("first=0", output, StringComparison.Ordinal);
        Assert.Contains("big=1", output, StringComparison.Ordinal);
        Assert.Contains("stderr-lines=1\n", output, StringComparison.Ordinal);
        Assert.Contains($"error: the disk holding the database {disk}/bot.db is full (SQLite error 13: database or disk is full); free some space and run the command again;", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        // The three reports stored before are all still there, and the database is sound.
        Assert.Contains("list=0", output, StringComparison.Ordinal);
        Assert.Contains("The Moscow Times", output, StringComparison.Ordinal);
        Assert.Contains("002_b8c5f92c0bf04987", output, StringComparison.Ordinal);
        Assert.Contains("004_2c43226ff16011e8", output, StringComparison.Ordinal);
        Assert.Contains("health=0", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_moderator_filing_a_report_when_the_disk_fills_up_is_told_nothing_was_changed_and_the_bot_goes_on()
    {
        var disk = _folder.File("disk");
        Directory.CreateDirectory(disk);
        const string report = "/report Reuters A ferry capsized off the coast of Lesbos on Tuesday, the coast guard said.";

        // The console chat runs on while the disk fills up under it and is freed again.
        var output = await ShellScript.RunAsync($"""
            set -u
            mount -t tmpfs -o size=600k tmpfs '{disk}' || exit 3
            $BOT ingest '{Samples.Folder}' --db '{disk}/bot.db' > /dev/null
            mkfifo '{_folder.Path}/in'
            $BOT chat --db '{disk}/bot.db' < '{_folder.Path}/in' > '{_folder.Path}/chat.txt' 2>&1 &
            exec 3> '{_folder.Path}/in'
            waitfor() ( for i in $(seq 600); do grep -q "$1" '{_folder.Path}/chat.txt' && exit 0; sleep 0.1; done; echo "timed out waiting for $1" )
            echo '/source add The Moscow Times' >&3; waitfor 'The Moscow Times'
            dd if=/dev/zero of='{disk}/filler' bs=4k 2> /dev/null
            echo '{report}' >&3; waitfor 'storage is full'
            echo '/brief' >&3; waitfor 'Idlib'
            rm '{disk}/filler'
            echo '{report}' >&3; waitfor 'Stored report'
            exec 3>&-
            wait $!; echo "chat=$?"
            cat '{_folder.Path}/chat.txt'
            """, privateMounts: true);

        Assert.DoesNotContain("timed out", output, StringComparison.Ordinal);
        Assert.Contains("The bot's storage is full; nothing was changed.", output, StringComparison.Ordinal);
        // Reading goes on while the disk is full, and the same report is stored once there is room again.
        Assert.Contains("Idlib", output, StringComparison.Ordinal);
        Assert.Contains("Stored report 4 from Reuters", output, StringComparison.Ordinal);
        Assert.Contains("chat=0", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_file_this_user_may_not_write_is_refused_in_one_line_and_leaves_no_files_behind()
    {
        var dir = _folder.File("shared");
        Directory.CreateDirectory(dir);
        var db = Path.Combine(dir, "bot.db");
        var (exit, _) = await BotProcess.RunAsync(new Dictionary<string, string>(), "ingest", Samples.Folder, "--db", db);
        Assert.Equal(0, exit);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var before = await File.ReadAllBytesAsync(db);
        // Mode 444 in a folder anyone may write, as another user (root may write anything, so root runs it as nobody).
        var asOther = ShellScript.IsRoot ? "runuser -u nobody -- " : "";

        var output = await ShellScript.RunAsync($"""
            chmod 777 '{_folder.Path}' '{dir}'; chmod 444 '{db}'
            {asOther}$BOT ingest '{Samples.Folder}' --db '{db}'; echo "ingest=$?"
            {asOther}$BOT brief --db '{db}'; echo "brief=$?"
            ls -a '{dir}'
            """);

        Assert.Contains("ingest=1", output, StringComparison.Ordinal);
        Assert.Contains("brief=1", output, StringComparison.Ordinal);
        Assert.Contains($"error: the database {db} is read-only for this user", output, StringComparison.Ordinal);
        Assert.Contains("make the file and its folder writable (or run as their owner) and run the command again; nothing was changed", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("bot.db-wal", output, StringComparison.Ordinal);
        Assert.DoesNotContain("bot.db-shm", output, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(db));
    }

    [Fact]
    public async Task A_damaged_database_file_is_refused_in_one_line_and_left_as_it_was()
    {
        var db = _folder.Write("bot.db", Enumerable.Range(0, 20_000).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var before = await File.ReadAllBytesAsync(db);

        var (exit, output) = await BotProcess.RunAsync(new Dictionary<string, string>(), "ingest", Samples.Folder, "--db", db);

        Assert.Equal(1, exit);
        Assert.Equal(
            $"error: the database {db} is damaged or is not a BriefingBot database (SQLite error 26: file is not a database); restore it from a backup, or point --db or Storage:DataDirectory at another file; nothing was changed",
            output.Trim());
        Assert.Equal(before, await File.ReadAllBytesAsync(db));
    }
}
