"""Create or drop a throwaway PostgreSQL database for a CI run.

python scripts/throwaway_db.py create|drop NAME [--server postgresql://postgres@127.0.0.1:5432]
"""

from __future__ import annotations

import argparse
import re

import psycopg
from psycopg import sql


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["create", "drop"])
    parser.add_argument("name")
    parser.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    args = parser.parse_args()
    if not re.fullmatch(r"[a-z0-9_]{1,60}", args.name):
        parser.error("database names here are lower-case letters, digits and underscores")
    with psycopg.connect(f"{args.server}/postgres", autocommit=True) as conn:
        name = sql.Identifier(args.name)
        if args.action == "create":
            conn.execute(sql.SQL("CREATE DATABASE {}").format(name))
        else:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))


if __name__ == "__main__":
    main()
