using BriefingBot.Core.Chat.Outgoing;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Chat;

/// <summary>The pacing of outgoing messages on a fake clock: Telegram's limits are never exceeded.</summary>
public sealed class OutgoingQueueSpecs
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Messages_to_one_chat_are_at_least_a_second_apart()
    {
        var queue = new OutgoingQueue(DeliveryLimits.Telegram, new FakeTimeProvider(Start));

        var slots = Enumerable.Range(0, 5).Select(_ => queue.Reserve("chat:1", isGroup: false)).ToList();

        for (var i = 1; i < slots.Count; i++)
            Assert.InRange((slots[i] - slots[i - 1]).TotalSeconds, 1.0, 1.05);
    }

    [Fact]
    public void A_group_gets_at_most_twenty_messages_a_minute()
    {
        var queue = new OutgoingQueue(DeliveryLimits.Telegram, new FakeTimeProvider(Start));

        var slots = Enumerable.Range(0, 25).Select(_ => queue.Reserve("group:1", isGroup: true)).ToList();

        Assert.InRange((slots[19] - Start).TotalSeconds, 19, 20);
        Assert.InRange((slots[20] - Start).TotalSeconds, 60, 62);
        for (var i = 20; i < slots.Count; i++)
            Assert.True(slots[i] - slots[i - 20] >= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void All_chats_together_get_at_most_thirty_messages_a_second()
    {
        var queue = new OutgoingQueue(DeliveryLimits.Telegram, new FakeTimeProvider(Start));

        var slots = Enumerable.Range(0, 1000).Select(i => queue.Reserve($"chat:{i}", isGroup: true)).OrderBy(t => t).ToList();

        for (var i = 30; i < slots.Count; i++)
            Assert.True(slots[i] - slots[i - 30] >= TimeSpan.FromSeconds(1), $"31 sends within a second at {i}");
        // Near the limit: 1,000 sends need about 33 seconds, a few percent more with the margin.
        Assert.InRange((slots[^1] - Start).TotalSeconds, 33.3, 35.5);
    }

    [Fact]
    public async Task Sending_waits_for_its_slot_on_the_injected_clock()
    {
        var clock = new FakeTimeProvider(Start);
        var queue = new OutgoingQueue(DeliveryLimits.Telegram, clock);
        var sent = new List<int>();

        await queue.SendAsync("chat:1", false, _ => { sent.Add(1); return Task.FromResult(1); }, CancellationToken.None);
        var second = queue.SendAsync("chat:1", false, _ => { sent.Add(2); return Task.FromResult(2); }, CancellationToken.None);

        Assert.Equal([1], sent);
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1.1));
        Assert.Equal(2, await second.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal([1, 2], sent);
    }

    [Fact]
    public void Reservations_made_earlier_for_later_slots_count_in_every_window()
    {
        var clock = new FakeTimeProvider(Start);
        var queue = new OutgoingQueue(DeliveryLimits.Telegram, clock);
        var all = new List<DateTimeOffset>();
        for (var m = 0; m < 21; m++)
        {
            for (var g = 0; g < 30; g++)
                all.Add(queue.Reserve($"group:{g}", isGroup: true));
        }

        clock.Advance(TimeSpan.FromSeconds(59.5));
        for (var c = 0; c < 5; c++)
            all.Add(queue.Reserve($"private:{c}", isGroup: false));

        all.Sort();
        var worst = 0;
        var j = 0;
        for (var i = 0; i < all.Count; i++)
        {
            while (all[j] <= all[i] - TimeSpan.FromSeconds(1))
                j++;
            worst = Math.Max(worst, i - j + 1);
        }

        Assert.True(worst <= 30, $"{worst} sends in one second");
    }
}
