#!/usr/bin/env python3
"""How fast the team database writes and checks: audit appends, decisions, ``audit verify``.

usage: PYTHONPATH=src python bench/team_db.py [--entries 5000] [--database postgresql://postgres@127.0.0.1/test]

On a fresh SQLite file in a temporary folder (and on PostgreSQL when ``--database`` is given: a
schema of its own, dropped at the end), it appends ``--entries`` audit entries one transaction
each (as decisions are written), then verifies the chain, and prints entries per second.
"""

from __future__ import annotations

import argparse
import secrets
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import create_engine, text

from behind.team import append, open_team_db, verify


def run(url: str | None, data_dir: Path, n: int) -> None:
    db = open_team_db(url, data_dir)
    started = time.perf_counter()
    for i in range(n):
        append(db, "bench", "case.decide", f"case {i}", {"status": "false_positive", "reason": f"decision {i}"})
    wrote = time.perf_counter() - started
    started = time.perf_counter()
    check = verify(db)
    checked = time.perf_counter() - started
    db.close()
    assert check.ok and check.checked == n, check
    print(f"{db.dialect:10}  {n:,} appends: {wrote:.2f} s ({n / wrote:,.0f}/s, one commit each); "
          f"verify: {checked:.2f} s ({n / checked:,.0f} entries/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=5000)
    parser.add_argument("--database", help="a PostgreSQL URL to measure too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run(None, Path(tmp), args.entries)
        if args.database:
            schema = f"behind_bench_{secrets.token_hex(4)}"
            admin = create_engine(args.database.replace("postgresql://", "postgresql+psycopg://", 1))
            with admin.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                sep = "&" if "?" in args.database else "?"
                run(f"{args.database}{sep}options={quote(f'-csearch_path={schema}')}", Path(tmp), args.entries)
            finally:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()


if __name__ == "__main__":
    main()
