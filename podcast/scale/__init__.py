"""Where episodes are made: the executors (the local worker pool by default, or a Dask cluster)
that run speech and episode assembly as tasks, and the batch that hands their finished episodes
to the one publisher in recap-date order."""
