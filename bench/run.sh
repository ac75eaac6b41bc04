#!/usr/bin/env bash
# Benchmark scmver against git describe, git status and setuptools_scm on generated repositories.
#
#   bench/run.sh [KIND ...]        kinds of make-repos.sh (default: all but "real")
#   bench/run.sh --smoke           the small repository, few rounds (used by .ci/run)
#
# Env: BENCH_DATA   where the repositories are built (default target/bench-repos)
#      MAKE_REPOS   the repository generator (default ../shared/bench/make-repos.sh beside the clone)
#      ROUNDS       interleaved rounds per repository (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
data=${BENCH_DATA:-$root/target/bench-repos}
make_repos=${MAKE_REPOS:-$root/../shared/bench/make-repos.sh}
rounds=${ROUNDS:-20}
smoke=false
if [ "${1:-}" = "--smoke" ]; then smoke=true; shift; rounds=5; fi
kinds=("$@")
$smoke && kinds=(small)
[ ${#kinds[@]} -gt 0 ] || kinds=(small big-linear far-tag merge-heavy many-tags big-worktree)

[ -x "$make_repos" ] || { echo "error: repository generator not found at $make_repos: set MAKE_REPOS" >&2; exit 2; }

cargo build --release --locked --quiet -p scmver-cli
venv=$root/target/bench-venv
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import setuptools_scm' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/oracle/requirements.txt
fi

repos=()
for kind in "${kinds[@]}"; do
  case $kind in
    small|big-worktree) dirs=("$data/$kind") ;;
    *) dirs=("$data/$kind-cg" "$data/$kind-nocg") ;;
  esac
  for dir in "${dirs[@]}"; do
    [ -d "$dir" ] || DATA=$data bash "$make_repos" "$kind" >&2
    repos+=("$dir")
  done
done

setuptools_rounds=5
$smoke && setuptools_rounds=3
python3 bench/run.py --scmver "$root/target/release/scmver" --python "$venv/bin/python" \
  --rounds "$rounds" --setuptools-rounds "$setuptools_rounds" "${repos[@]}"
