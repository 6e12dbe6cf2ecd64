"""Run a sequence of commands and report wall time and peak memory as JSON.

run.py starts this in a fresh interpreter for every measured phase, because
``RUSAGE_CHILDREN`` accumulates over the whole life of a process: only a new
process per phase gives the peak of that phase alone. ``ru_maxrss`` of the
children is the largest resident set of any one waited-for descendant
(grandchildren included), in KiB on Linux.

Input (argv[1]): path of a JSON file ``{"steps": [{"argv": [...], "cwd": "...",
"env": {...}, "ok": [0]}], "timeout": 1800}``. Output: one JSON line on stdout.
Uses only the standard library so any Python 3.10+ can run it.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time


def run_one(step: dict[str, object], env: dict[str, str], err: object, timeout: float) -> int:
    """Run one command and wait for it; -1 if it timed out.

    ``subprocess.run(timeout=...)`` waits by polling with sleeps of up to 50 ms, which
    rounds every run up by as much; a blocking ``wait`` returns the moment the command
    ends, and a timer kills the command if it runs too long.
    """
    process = subprocess.Popen(
        step["argv"],  # type: ignore[arg-type]
        cwd=step.get("cwd"),  # type: ignore[arg-type]
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=err,  # type: ignore[arg-type]
    )
    timed_out = threading.Event()

    def kill() -> None:
        timed_out.set()
        process.kill()

    timer = threading.Timer(timeout, kill)
    timer.start()
    try:
        code = process.wait()
    finally:
        timer.cancel()
    return -1 if timed_out.is_set() else code


def run_steps(spec: dict[str, object]) -> dict[str, object]:
    """Run the steps in order; stop at the first unexpected exit code."""
    steps = spec["steps"]
    assert isinstance(steps, list)
    timeout = float(spec.get("timeout", 1800))  # type: ignore[arg-type]
    failed: dict[str, object] | None = None
    elapsed = 0.0
    with tempfile.TemporaryFile("w+b") as err:
        for index, step in enumerate(steps):
            env = dict(os.environ)
            env.update(step.get("env", {}))
            err.seek(0)
            err.truncate()
            start = time.perf_counter()
            try:
                code = run_one(step, env, err, timeout)
            except OSError as exc:  # command not found, not executable
                elapsed += time.perf_counter() - start
                failed = {"step": index, "returncode": None, "stderr": str(exc)}
                break
            elapsed += time.perf_counter() - start
            if code not in step.get("ok", [0]):
                err.seek(0)
                tail = err.read()[-4000:].decode("utf-8", "replace")
                if code == -1:
                    tail += f"\n(timed out after {timeout:.0f} s)"
                failed = {"step": index, "returncode": code, "stderr": tail}
                break
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "seconds": elapsed,
        "max_rss_kib": usage.ru_maxrss,
        "user": usage.ru_utime,
        "system": usage.ru_stime,
        "failed": failed,
    }


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        spec = json.load(handle)
    print(json.dumps(run_steps(spec)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
