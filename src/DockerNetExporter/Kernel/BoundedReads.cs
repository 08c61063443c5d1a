using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace DockerNetExporter.Kernel;

/// <summary>
/// Runs the reads that go through a namespace's own mounts (/proc/PID/root/sys, which the
/// namespace's owner may mount over: a FUSE filesystem answers when it likes) on a worker thread,
/// and waits for each at most <see cref="Bound"/>, so that one namespace that hangs its reads holds
/// up neither the others, nor the mapping, nor shutdown. No thread can be made to leave a blocked
/// system call: the worker of a read that overran is left to it and a new one takes the next
/// reads. The namespace is not read again while that read hangs, nor for <see cref="Quarantine"/>
/// after, so a hanging namespace costs one thread, and one bound per quarantine; at most
/// <see cref="MaxHung"/> threads are left so. Reads are taken one at a time, as a mapping makes them.
/// </summary>
internal sealed class BoundedReads : IDisposable
{
    /// <summary>A namespace's class/net is read in well under a millisecond; a second is a hostile or broken one.</summary>
    public static readonly TimeSpan DefaultBound = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan Quarantine = TimeSpan.FromMinutes(10);

    /// <summary>Threads left to hanging reads before no more such read is tried.</summary>
    public const int MaxHung = 16;

    private const int PathsWarnedAbout = 256;

    private readonly ReadErrors readErrors;
    private readonly TimeProvider time;
    private readonly ILogger<BoundedReads> logger;
    private readonly Lock gate = new();
    private readonly Dictionary<string, HungRead> hung = new(StringComparer.Ordinal);
    private readonly OncePerKey timeoutWarnings = new(PathsWarnedAbout);
    private readonly Once tooManyWarning = new();
    private Worker worker = new();

    public BoundedReads(ReadErrors readErrors, TimeProvider time, ILogger<BoundedReads> logger)
        : this(DefaultBound, readErrors, time, logger)
    {
    }

    internal BoundedReads(TimeSpan bound, ReadErrors readErrors, TimeProvider time, ILogger<BoundedReads> logger)
    {
        Bound = bound;
        this.readErrors = readErrors;
        this.time = time;
        this.logger = logger;
    }

    public TimeSpan Bound { get; }

    /// <summary>
    /// <paramref name="read"/>'s result, or false if it overran the bound (counted, and said once
    /// for <paramref name="path"/>), or <paramref name="path"/> is quarantined, or too many reads hang.
    /// </summary>
    /// <param name="path">The namespace's directory read (/proc/PID/root/sys/class/net): what is quarantined.</param>
    /// <param name="abandoned">What to do with a result that comes after the read was given up (close the files it opened).</param>
    public bool TryRun<T>(string path, Func<T> read, out T result, Action<T>? abandoned = null)
    {
        result = default!;
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (hung.TryGetValue(path, out var earlier))
            {
                if (!earlier.Returned.IsSet || now < earlier.Until)
                {
                    return false;
                }

                hung.Remove(path);
            }

            if (StillHanging() >= MaxHung)
            {
                if (tooManyWarning.TryTake())
                {
                    Log.TooManyHungReads(logger, MaxHung);
                }

                return false;
            }

            var job = new Job<T>(read, abandoned);
            worker.Post(job.Run);
            if (job.Returned.Wait(Bound) || !job.TryGiveUp())
            {
                job.Returned.Wait(); // returned, or just returning: its result stands
                job.Returned.Dispose();
                job.Failure?.Throw();
                result = job.Result;
                return true;
            }

            // The read hangs: its thread is left to it, and a new one takes the next reads.
            worker.Retire();
            worker = new Worker();
            hung[path] = new HungRead(job.Returned, now + Quarantine);
            readErrors.TimedOut();
            if (timeoutWarnings.TryTake(path))
            {
                Log.NamespaceReadTimedOut(logger, path, Bound.TotalSeconds, Quarantine.TotalMinutes);
            }

            return false;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            worker.Retire();
        }
    }

    /// <summary>The reads still hanging; forgets those returned and out of quarantine, so the table stays small.</summary>
    private int StillHanging()
    {
        var now = time.GetUtcNow();
        var hanging = 0;
        foreach (var (path, read) in hung)
        {
            if (!read.Returned.IsSet)
            {
                hanging++;
            }
            else if (now >= read.Until)
            {
                hung.Remove(path);
            }
        }

        return hanging;
    }

    private sealed record HungRead(ManualResetEventSlim Returned, DateTimeOffset Until);

    /// <summary>One read; whether it returned or was given up first is decided once, so a late result is abandoned, never lost.</summary>
    private sealed class Job<T>(Func<T> read, Action<T>? abandoned)
    {
        private const int Running = 0;
        private const int Done = 1;
        private const int GivenUp = 2;

        private int state = Running;

        public ManualResetEventSlim Returned { get; } = new();

        public T Result { get; private set; } = default!;

        public ExceptionDispatchInfo? Failure { get; private set; }

        /// <summary>False if the read returned meanwhile, and its result stands.</summary>
        public bool TryGiveUp() => Interlocked.CompareExchange(ref state, GivenUp, Running) == Running;

        public void Run()
        {
            try
            {
                Result = read();
            }
            catch (Exception e)
            {
                Failure = ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                if (Interlocked.CompareExchange(ref state, Done, Running) == GivenUp && Failure is null)
                {
                    abandoned?.Invoke(Result);
                }

                Returned.Set();
            }
        }
    }

    /// <summary>A thread that runs the reads posted to it, in order, until retired.</summary>
    private sealed class Worker
    {
        private readonly BlockingCollection<Action> reads = [];

        public Worker() => new Thread(Run) { IsBackground = true, Name = "namespace reads" }.Start();

        public void Post(Action read) => reads.Add(read);

        /// <summary>Takes no more reads; the thread ends once the one it runs returns, if ever.</summary>
        public void Retire() => reads.CompleteAdding();

        private void Run()
        {
            foreach (var read in reads.GetConsumingEnumerable())
            {
                read();
            }
        }
    }
}
