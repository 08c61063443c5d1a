using System.Collections.Concurrent;
using DockerNetExporter.Kernel;
using DockerNetExporter.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DockerNetExporter.Tests.Metrics;

/// <summary>
/// The sweep's threads: every read of a plan done exactly once per sweep, whatever the threads, the
/// chunk or the plan's size; reads taken by a helper; scrapes sweeping at once; a read that throws on
/// a helper failing that scrape, as it would on the scraping thread, not the process; a disposed pool
/// sweeping on the scraping thread.
/// </summary>
public sealed class SweepPoolTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData(1, 1, 100)]
    [InlineData(2, 1, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(2, 3, 100)]
    [InlineData(2, 16, 16)] // no more than a chunk: the scraping thread alone
    [InlineData(2, 16, 1000)]
    [InlineData(4, 7, 1001)]
    [InlineData(3, 1, 0)]
    public void Every_read_is_done_once_per_sweep(int degree, int chunk, int reads)
    {
        using var pool = new SweepPool(degree, chunk, new ReadErrors(), NullLogger.Instance);
        var plan = new CountedReads(reads);

        for (var i = 0; i < 20; i++)
        {
            pool.Sweep(plan);
        }

        Assert.All(plan.Counts, count => Assert.Equal(20, count));
    }

    [Fact]
    public void A_helper_takes_reads()
    {
        using var pool = new SweepPool(2, 1, new ReadErrors(), NullLogger.Instance);
        var plan = new ReadsWaitingForAHelper(8, throwOnHelper: false);

        pool.Sweep(plan);

        Assert.True(plan.HelperRead.IsSet);
    }

    [Fact]
    public void Scrapes_sweep_at_once_each_doing_all_its_reads()
    {
        using var pool = new SweepPool(2, 1, new ReadErrors(), NullLogger.Instance);
        var plans = Enumerable.Range(0, 8).Select(_ => new CountedReads(50)).ToArray();

        Parallel.ForEach(plans, new ParallelOptions { MaxDegreeOfParallelism = plans.Length }, plan =>
        {
            for (var i = 0; i < 100; i++)
            {
                pool.Sweep(plan);
            }
        });

        Assert.All(plans, plan => Assert.All(plan.Counts, count => Assert.Equal(100, count)));
    }

    [Fact]
    public void A_read_that_throws_on_a_helper_fails_the_sweep_and_the_next_sweep_does_all_its_reads()
    {
        using var pool = new SweepPool(2, 1, new ReadErrors(), NullLogger.Instance);

        var thrown = Assert.Throws<InvalidOperationException>(() => pool.Sweep(new ReadsWaitingForAHelper(8, throwOnHelper: true)));
        Assert.Equal(ReadsWaitingForAHelper.HelperFailure, thrown.Message);

        var next = new CountedReads(100);
        pool.Sweep(next);
        Assert.All(next.Counts, count => Assert.Equal(1, count));
    }

    [Fact]
    public void Once_disposed_the_pool_sweeps_on_the_scraping_thread_alone()
    {
        var pool = new SweepPool(2, 1, new ReadErrors(), NullLogger.Instance);
        pool.Sweep(new CountedReads(10));
        pool.Dispose();
        var plan = new ReadsOnThreads(10);

        pool.Sweep(plan);
        pool.Dispose();

        Assert.Equal([Environment.CurrentManagedThreadId], plan.Threads.Distinct());
        Assert.Equal(10, plan.Threads.Count);
    }

    private sealed class CountedReads(int count) : IScrapeReads
    {
        public int[] Counts { get; } = new int[count];

        public int ReadCount => Counts.Length;

        public void Read(int index, ReadErrors readErrors, ILogger logger) => Interlocked.Increment(ref Counts[index]);
    }

    private sealed class ReadsOnThreads(int count) : IScrapeReads
    {
        public ConcurrentBag<int> Threads { get; } = [];

        public int ReadCount => count;

        public void Read(int index, ReadErrors readErrors, ILogger logger) => Threads.Add(Environment.CurrentManagedThreadId);
    }

    /// <summary>The scraping thread's first read waits until a helper has read: a pool that shared nothing would fail it.</summary>
    private sealed class ReadsWaitingForAHelper(int count, bool throwOnHelper) : IScrapeReads
    {
        public const string HelperFailure = "a read failed on a helper";

        private readonly int scrapingThread = Environment.CurrentManagedThreadId;
        private int waited;

        public ManualResetEventSlim HelperRead { get; } = new();

        public int ReadCount => count;

        public void Read(int index, ReadErrors readErrors, ILogger logger)
        {
            if (Environment.CurrentManagedThreadId != scrapingThread)
            {
                HelperRead.Set();
                if (throwOnHelper)
                {
                    throw new InvalidOperationException(HelperFailure);
                }
            }
            else if (Interlocked.Exchange(ref waited, 1) == 0)
            {
                Assert.True(HelperRead.Wait(Patience), "no helper read within 10 s");
            }
        }
    }
}
