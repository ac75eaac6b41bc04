#!/usr/bin/env python3
"""Benchmark scmver against `git describe`, `git status` and setuptools_scm, interleaved.

    bench/run.py --scmver PATH --python PATH REPO [REPO ...]

Every round runs each command once, in a shuffled order, so a noisy neighbour slows all of
them alike; medians and the ratios between them are what to read, not absolute times. Each
child is started with posix_spawn and reaped with wait4, so the measured wall time carries no
interpreter overhead and the peak RSS is the child's own.

Before timing, the tools must agree on each repository: scmver's tag and distance equal
`git describe`'s, and scmver's version equals setuptools_scm's.
"""

import argparse
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time

DESCRIBE = ["git", "describe", "--dirty", "--tags", "--long", "--match", "*[0-9]*"]
STATUS = ["git", "status", "--porcelain", "--untracked-files=no"]


def spawn_measure(argv, cwd, env):
    """Run argv in cwd; return (seconds, exit status)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    old = os.getcwd()
    os.chdir(cwd)
    try:
        file_actions = [
            (os.POSIX_SPAWN_DUP2, devnull, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2),
        ]
        start = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, env, file_actions=file_actions)
        _, status = os.waitpid(pid, 0)
        elapsed = time.perf_counter() - start
    finally:
        os.chdir(old)
        os.close(devnull)
    return elapsed, os.waitstatus_to_exitcode(status)


def peak_rss(argv, cwd, env, runs=3):
    """Peak RSS in KiB over a few untimed runs, measured by GNU time from a small parent.

    (posix_spawn may share this interpreter's memory until exec, which would inflate the
    child's high-water mark to Python's own.)"""
    peak = 0
    for _ in range(runs):
        done = subprocess.run(
            ["/usr/bin/time", "-f", "%M", *argv], cwd=cwd, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, check=True,
        )
        peak = max(peak, int(done.stderr.strip().splitlines()[-1]))
    return peak


def check_agreement(repo, scmver, python, env):
    out = lambda argv: subprocess.run(
        argv, cwd=repo, env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    facts = json.loads(out([scmver, "version", "--no-ci", "--format", "json"]))
    described = out(DESCRIBE)
    dirty = described.endswith("-dirty")
    described = described.removesuffix("-dirty")
    tag, distance, _node = described.rsplit("-", 2)
    problems = []
    if (facts["tag"], facts["distance"]) != (tag, int(distance)):
        problems.append(f"scmver {facts['tag']}+{facts['distance']} vs git describe {tag}+{distance}")
    if facts["dirty"] != dirty:
        problems.append(f"scmver dirty={facts['dirty']} vs git describe dirty={dirty}")
    theirs = out([python, "-m", "setuptools_scm"]) if python else None
    if theirs is not None and theirs != facts["version"]:
        problems.append(f"scmver {facts['version']} vs setuptools_scm {theirs}")
    return facts, problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scmver", required=True)
    parser.add_argument("--python", help="python with setuptools_scm; omit to skip it")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--setuptools-rounds", type=int, default=5, help="setuptools_scm is slow: fewer rounds")
    parser.add_argument("repos", nargs="+")
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "SCMVER_", "SETUPTOOLS_SCM_"))}
    commands = {
        "scmver": [args.scmver, "version", "--no-ci"],
        "git describe": DESCRIBE,
        "git status": STATUS,
    }
    if args.python:
        commands["setuptools_scm"] = [args.python, "-m", "setuptools_scm"]

    rows = []
    for repo in args.repos:
        name = os.path.basename(os.path.normpath(repo))
        facts, problems = check_agreement(repo, args.scmver, args.python, env)
        if problems:
            print(f"{name}: tools disagree: {'; '.join(problems)}", file=sys.stderr)
            sys.exit(1)
        times = {label: [] for label in commands}
        rss = {label: peak_rss(argv, repo, env) for label, argv in commands.items()}
        for _ in range(2):  # warm the page cache
            for label, argv in commands.items():
                spawn_measure(argv, repo, env)
        for round_number in range(args.rounds):
            order = list(commands.items())
            random.shuffle(order)
            for label, argv in order:
                if label == "setuptools_scm" and round_number >= args.setuptools_rounds:
                    continue
                seconds, code = spawn_measure(argv, repo, env)
                if code != 0:
                    print(f"{name}: {label} exited {code}", file=sys.stderr)
                    sys.exit(1)
                times[label].append(seconds)
        med = {label: statistics.median(values) * 1000 for label, values in times.items()}
        rows.append((name, facts, med, rss))
        print(f"{name}: done", file=sys.stderr)

    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, {cpu_model()}; "
          f"{args.rounds} interleaved rounds ({args.setuptools_rounds} for setuptools_scm); "
          f"{time.strftime('%Y-%m-%d')}\n")
    has_sst = "setuptools_scm" in commands
    header = "| repository | tag+distance | scmver ms | describe ms | status ms |"
    header += " setuptools_scm ms |" if has_sst else ""
    header += " scmver/describe | scmver RSS KiB | describe RSS KiB |"
    header += " setuptools_scm/scmver |" if has_sst else ""
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for name, facts, med, rss in rows:
        line = f"| {name} | {facts['tag']}+{facts['distance']} | {med['scmver']:.1f} | {med['git describe']:.1f} | {med['git status']:.1f} |"
        if has_sst:
            line += f" {med['setuptools_scm']:.0f} |"
        line += f" {med['scmver'] / med['git describe']:.2f} | {rss['scmver']} | {rss['git describe']} |"
        if has_sst:
            line += f" {med['setuptools_scm'] / med['scmver']:.1f} |"
        print(line)


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown CPU"


if __name__ == "__main__":
    main()
