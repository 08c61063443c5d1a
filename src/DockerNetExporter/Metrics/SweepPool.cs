using System.Runtime.ExceptionServices;
using DockerNetExporter.Kernel;

namespace DockerNetExporter.Metrics;

/// <summary>
/// Spreads a scrape's reads (<see cref="IScrapeReads"/>, a <see cref="ScrapePlan"/>'s) over a small fixed set of threads made
/// once: the scraping thread and up to <see cref="MaxDegree"/> - 1 helpers, one fewer than the
/// cores the process may use (<see cref="Environment.ProcessorCount"/>, which follows a cgroup CPU
/// limit). Each read is a few system calls on kept-open files, so a sweep is the kernel's time, and
/// a second core halves it. Reads are taken in chunks from a shared index, so a helper that starts
/// late (its core busy) takes fewer; the scraping thread, done with the reads, waits for the chunks
/// in progress and gives its core to a helper not yet started, which finds none left. One sweep
/// uses the helpers at a time; a scrape that comes while they are busy, or once the pool is
/// disposed, sweeps alone on its own thread. Allocates nothing once warm.
/// </summary>
internal sealed class SweepPool : IDisposable
{
    /// <summary>
    /// At most this many threads share a sweep, the scraping one included: past a few, the reads
    /// gain little and the exporter, a guest on the host, would take more of its cores at each scrape.
    /// </summary>
    public const int MaxDegree = 4;

    /// <summary>Reads taken at a time: a few hundred microseconds of work, so taking them costs nothing beside it.</summary>
    public const int DefaultChunk = 16;

    private readonly int chunk;
    private readonly ReadErrors readErrors;
    private readonly ILogger logger;
    private readonly Helper[] helpers;
    private readonly CountdownEvent helpersDone;
    private int busy;
    private IScrapeReads? current;
    private int next;
    private Exception? failure;
    private volatile bool stopping;

    /// <param name="degree">Threads that share a sweep, the scraping one included: 1 sweeps on the scraping thread alone.</param>
    /// <param name="chunk">Reads taken at a time; a plan of no more reads than this is swept on the scraping thread alone.</param>
    public SweepPool(int degree, int chunk, ReadErrors readErrors, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(degree, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunk, 1);
        this.chunk = chunk;
        this.readErrors = readErrors;
        this.logger = logger;
        helpersDone = new CountdownEvent(Math.Max(degree - 1, 1));
        helpers = [.. Enumerable.Range(1, degree - 1).Select(i => new Helper(this, $"dockernet-sweep-{i}"))];
    }

    /// <summary>The degree for this process: its usable cores, at most <see cref="MaxDegree"/>.</summary>
    public static int DefaultDegree => Math.Clamp(Environment.ProcessorCount, 1, MaxDegree);

    /// <summary>Threads that share a sweep, the scraping one included.</summary>
    public int Degree => helpers.Length + 1;

    /// <summary>Does every read of the plan once, returning when all are done.</summary>
    public void Sweep(IScrapeReads plan)
    {
        if (helpers.Length == 0 || plan.ReadCount <= chunk || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            for (var i = 0; i < plan.ReadCount; i++)
            {
                plan.Read(i, readErrors, logger);
            }

            return;
        }

        try
        {
            current = plan;
            next = 0;
            failure = null;
            helpersDone.Reset(helpers.Length);
            foreach (var helper in helpers)
            {
                helper.Wake();
            }

            TakeChunks(plan);
            helpersDone.Wait();
            current = null;
            if (failure is { } e)
            {
                ExceptionDispatchInfo.Throw(e);
            }
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    /// <summary>Ends the helpers once no sweep uses them; sweeps after it read on their own thread.</summary>
    public void Dispose()
    {
        if (stopping)
        {
            return;
        }

        // Taken for good: every helper has finished its last sweep and holds no wake.
        var spin = default(SpinWait);
        while (Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            spin.SpinOnce();
        }

        stopping = true;
        foreach (var helper in helpers)
        {
            helper.Dispose();
        }

        helpersDone.Dispose();
    }

    private void TakeChunks(IScrapeReads plan)
    {
        int start;
        while ((start = Interlocked.Add(ref next, chunk) - chunk) < plan.ReadCount)
        {
            var end = Math.Min(start + chunk, plan.ReadCount);
            for (var i = start; i < end; i++)
            {
                plan.Read(i, readErrors, logger);
            }
        }
    }

    /// <summary>Runs on a helper once woken: its share of the current sweep; a read that throws fails the scrape, as on the scraping thread.</summary>
    private void HelpSweep()
    {
        try
        {
            TakeChunks(current!);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
        }
        finally
        {
            helpersDone.Signal();
        }
    }

    /// <summary>A thread of the pool, asleep until a sweep wakes it.</summary>
    private sealed class Helper : IDisposable
    {
        private readonly SemaphoreSlim wake = new(0);
        private readonly Thread thread;

        public Helper(SweepPool pool, string name)
        {
            // A background thread: a sweep never holds the process up at exit.
            thread = new Thread(() => Run(pool)) { IsBackground = true, Name = name };
            thread.Start();
        }

        public void Wake() => wake.Release();

        /// <summary>Ends the thread: the pool is stopping, so the wake lets it return.</summary>
        public void Dispose()
        {
            wake.Release();
            thread.Join();
            wake.Dispose();
        }

        private void Run(SweepPool pool)
        {
            while (true)
            {
                wake.Wait();
                if (pool.stopping)
                {
                    return;
                }

                pool.HelpSweep();
            }
        }
    }
}
