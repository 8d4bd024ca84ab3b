"""The course's benchmarks: ``python -m bench.run_bench`` from the repository's folder (``make bench``)."""
