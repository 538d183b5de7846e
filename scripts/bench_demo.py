"""How long ``fazhi demo`` takes on a fresh SQLite database, against a floor of the same run.

    FAZHI_ENV=test .venv/bin/python scripts/bench_demo.py [--runs 1] [--keep]

Each run makes a new data directory (under var/bench/demo-N, removed afterwards unless
--keep), then measures, as separate processes:

    floor   ``fazhi migrate`` on the fresh database: the process, Django's start and the
            schema, the work every load pays before its first record
    demo    ``fazhi demo`` on the migrated database: the Haibin 2020 demo and its second
            street, as a developer, ``make run`` and the demo tests load it

Prints the wall-clock seconds and the processes' CPU seconds (user + system) of each, the
demo's ratio to the floor, and the target: the demo under 60 s. Not a test; the figures move
with a busy machine, the ratio less so.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FAZHI = str(BIN / "fazhi")
BENCH = ROOT / "var" / "bench"
TARGET_SECONDS = 60.0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``fazhi ARGS``; its wall-clock and CPU seconds. A failure stops the benchmark."""
    cpu, started = _children_cpu(), time.perf_counter()
    done = subprocess.run([FAZHI, *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"fazhi {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return wall, _children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--keep", action="store_true", help="keep the data directories")
    args = parser.parse_args()
    floors: list[tuple[float, float]] = []
    demos: list[tuple[float, float]] = []
    for run in range(1, args.runs + 1):
        data_dir = BENCH / f"demo-{run}"
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.mkdir(parents=True)
        env = {**os.environ, "FAZHI_DATA_DIR": str(data_dir)}
        env.setdefault("FAZHI_ENV", "test")
        env.pop("DATABASE_URL", None)  # SQLite in the fresh data directory
        try:
            floors.append(_timed(["migrate", "--verbosity", "0"], env))
            demos.append(_timed(["demo"], env))
        finally:
            if not args.keep:
                shutil.rmtree(data_dir, ignore_errors=True)
        print(
            f"run {run}: migrate {floors[-1][0]:.1f} s (CPU {floors[-1][1]:.1f} s), "
            f"demo {demos[-1][0]:.1f} s (CPU {demos[-1][1]:.1f} s)"
        )
    floor_wall = statistics.median(w for w, _c in floors)
    floor_cpu = statistics.median(c for _w, c in floors)
    demo_wall = statistics.median(w for w, _c in demos)
    demo_cpu = statistics.median(c for _w, c in demos)
    print(f"\nThe demo on a fresh SQLite database; {os.cpu_count()} CPUs shared with other work.")
    print(f"  {'':<34}{'wall s':>10}{'CPU s':>10}")
    print(f"  {'floor: fazhi migrate':<34}{floor_wall:>10.1f}{floor_cpu:>10.1f}")
    print(f"  {'fazhi demo':<34}{demo_wall:>10.1f}{demo_cpu:>10.1f}")
    print(
        f"  {'ratio demo / floor':<34}{demo_wall / floor_wall:>10.1f}"
        f"{demo_cpu / floor_cpu if floor_cpu else float('nan'):>10.1f}"
    )
    verdict = "met" if demo_wall < TARGET_SECONDS else "NOT met"
    print(f"  target: demo under {TARGET_SECONDS:.0f} s wall: {verdict}")


if __name__ == "__main__":
    main()
