"""The benchmark harness (`make bench`): synthetic data at school, province or national scale in a
database of its own, the app served by gunicorn with production settings, HTTP load from wrk, one JSON
line per measured page. See README.md, section Benchmark."""
