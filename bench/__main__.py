"""`python -m bench --scale school --db sqlite` (what `make bench` runs). JSON lines on stdout, progress
on stderr."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bench.run import main, options_from
from bench.scales import SCALES


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=sorted(SCALES), default="school")
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--data-dir", type=Path, default=os.environ.get("BENCH_DATA_DIR"),
                        help="where the SQLite file, static files, media and gunicorn's log go (default var/bench)")
    parser.add_argument("--database-path", type=Path, default=os.environ.get("BENCH_DATABASE_PATH"),
                        help="SQLite file to use instead of <data-dir>/<scale>.sqlite3")
    parser.add_argument("--database-name", default=os.environ.get("BENCH_DATABASE_NAME"),
                        help="PostgreSQL database to use instead of dualleader_bench_<scale>")
    return parser.parse_args(argv)


if __name__ == "__main__":
    args = parse(sys.argv[1:])
    sys.exit(main(options_from(args.scale, args.db, data_dir=args.data_dir, database_path=args.database_path,
                               database_name=args.database_name)))
