using System.Reflection;
using BriefingBot.Core.Answers;
using BriefingBot.Core.Storage;
using BriefingBot.Tests.Support;

namespace BriefingBot.Tests.Answers;

/// <summary>The counts a search weighs its terms by: a common term's kept a while, a rare one's always fresh.</summary>
public sealed class CommonTermCountsSpecs : IAsyncLifetime
{
    private const int Cap = 100;
    private readonly StoreFixture _db = new();
    private CountingStore _counting = null!;
    private CommonTermCounts _counts = null!;

    public async Task InitializeAsync()
    {
        await _db.InitializeAsync();
        IReportStore proxy;
        (proxy, _counting) = CountingStore.Wrap(_db.Store);
        _counts = new CommonTermCounts(proxy, Cap);
    }

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task A_common_term_is_counted_once_until_the_store_grows_by_a_hundredth()
    {
        await AddAsync(3_000, i => $"Report {i} from the harbour.");

        var first = await _counts.CountAsync([["harbour"]], default);
        var second = await _counts.CountAsync([["harbour"]], default);
        await AddAsync(20, i => $"Late report {i} from the harbour.");
        var third = await _counts.CountAsync([["harbour"]], default);
        await AddAsync(20, i => $"Later report {i} from the harbour.");
        var fourth = await _counts.CountAsync([["harbour"]], default);

        Assert.InRange(first.Documents[0], 2_400, 3_600);
        Assert.Equal(first.Documents, second.Documents);
        Assert.Equal(first.Documents, third.Documents);
        Assert.Equal(3_040, fourth.Reports);
        Assert.Equal([["harbour"], ["harbour"]], _counting.Counted);
    }

    [Fact]
    public async Task A_rare_term_is_counted_afresh_for_every_search_so_new_reports_of_it_are_weighed_at_once()
    {
        await AddAsync(3_000, i => i < 2 ? $"Report {i}: an okapi at the harbour." : $"Report {i} from the harbour.");
        await _counts.CountAsync([["harbour"], ["okapi"]], default);
        await AddAsync(3, i => $"Late report {i}: another okapi.");

        var after = await _counts.CountAsync([["harbour"], ["okapi"]], default);

        Assert.Equal(5, after.Documents[1]);
        Assert.Equal([["harbour"], ["okapi"], ["okapi"]], _counting.Counted);
    }

    private Task AddAsync(int count, Func<int, string> text) =>
        _db.Store.AddAsync(Enumerable.Range(0, count).Select(i => Samples.Draft("Wire", text(i))).ToList());

    /// <summary>The store, remembering each group of terms it was asked to count.</summary>
    public class CountingStore : DispatchProxy
    {
        private IReportStore _inner = null!;

        public List<List<string>> Counted { get; } = [];

        public static (IReportStore Store, CountingStore Counting) Wrap(IReportStore inner)
        {
            var proxy = Create<IReportStore, CountingStore>();
            var counting = (CountingStore)(object)proxy;
            counting._inner = inner;
            return (proxy, counting);
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(IReportStore.CountMatchesAsync) && args?[0] is IReadOnlyList<IReadOnlyList<string>> groups)
                Counted.AddRange(groups.Select(g => g.ToList()));
            return targetMethod.Invoke(_inner, BindingFlags.DoNotWrapExceptions, null, args, null);
        }
    }
}
