// The tests share one Docker engine and one exporter; they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
