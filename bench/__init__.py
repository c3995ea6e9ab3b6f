"""bench: speed and scale figures (`make bench` -> bench/RESULTS.md). Benchmarks print figures; tests check behaviour."""
