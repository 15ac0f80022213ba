using BriefingBot.Core;
using BriefingBot.Core.Chat;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Chat;

/// <summary>
/// Members type anything: 5,000 messages of random commands, arguments, URLs, markup, control and zero-width characters,
/// from a moderator and a member, in groups and in private. Each gets a reply or is ignored; none throws (a refusal is a
/// reply, a <see cref="BriefingBotException"/> a clear error).
/// </summary>
public sealed class RandomInputSpecs : IAsyncLifetime
{
    private static readonly string[] Parts =
        ("/report /ask /brief /sources /add /remove /pause /resume /schedule /help /start /unknown all 10 0 -1 99999999999 off 08:00 25:99 " +
         "Europe/Berlin Mars/Olympus https://example.com http://127.0.0.1/x file:///etc/passwd javascript:alert(1) @everyone <@123> *bold* _it_ " +
         "`code` [x](y) \" ' \n \n\n Reuters The Moscow Times what happened in Idlib ? car bomb é 中文 😀 \u0000 \u200b \t , . : ; ( ) * ^ NEAR AND")
        .Split(' ');

    private readonly ChatFixture _chat = new();

    public Task InitializeAsync() => _chat.InitializeAsync();

    public Task DisposeAsync() => _chat.DisposeAsync();

    [Fact]
    public async Task Five_thousand_random_messages_each_get_a_reply_or_are_ignored_and_none_throws()
    {
        var random = new Random(5);
        var failures = new List<string>();
        var replies = 0;
        for (var n = 0; n < 5_000; n++)
        {
            var text = string.Join(random.Next(4) == 0 ? "" : " ", Enumerable.Range(0, random.Next(1, 12)).Select(_ => Parts[random.Next(Parts.Length)]));
            var user = random.Next(2) == 0 ? "telegram:1" : "telegram:2";
            var community = random.Next(3) switch { 0 => "telegram:-100", 1 => "telegram:-200", _ => "telegram:2" };
            try
            {
                if (await _chat.Send(text, user, community) is not null)
                    replies++;
            }
            catch (BriefingBotException)
            {
            }
            catch (Exception e)
            {
                failures.Add($"{e.GetType().Name}: {e.Message} <= {text}");
            }
        }

        Assert.Empty(failures);
        // Most group chatter is ignored; commands and private messages are answered.
        Assert.InRange(replies, 300, 5_000);
    }
}
