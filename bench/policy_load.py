"""How long reading support.yml takes, step by step: YAML with lines, the schema check, the model.

    .venv/bin/python bench/policy_load.py [--runs 20]

The first load also compiles the schema's validator (once per process); the median is of the later ones.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    started = time.perf_counter()
    from helpcenter.policy.loader import build_policy, load_policy
    from helpcenter.policy.schema import check_shape
    from helpcenter.policy.yamlsource import read_located_yaml

    imported = time.perf_counter()
    load_policy(ROOT / "support.yml")
    first = time.perf_counter()
    steps: dict[str, list[float]] = {"YAML with lines": [], "schema check": [], "whole load": []}
    for _ in range(args.runs):
        t0 = time.perf_counter()
        root = read_located_yaml(ROOT / "support.yml")
        t1 = time.perf_counter()
        check_shape(root, "support.yml", tuple(root["languages"]))
        t2 = time.perf_counter()
        build_policy(root, "support.yml")
        t3 = time.perf_counter()
        steps["YAML with lines"].append(t1 - t0)
        steps["schema check"].append(t2 - t1)
        steps["whole load"].append(t3 - t2 + t1 - t0)  # build_policy checks the shape again
    print(f"import: {imported - started:.3f} s; first load (compiles the validator): {first - imported:.3f} s")
    for name, values in steps.items():
        print(f"{name}: median {statistics.median(values) * 1000:.1f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
