#!/usr/bin/env bash
# Builds the `scmver` Python wheel (maturin, `bindings = "bin"`) carrying the version scmver
# derives for this repository, installs it into a fresh venv, and checks that the installed
# package and its binary agree with the repository:
#
#   version derived from the repository == wheel file name == importlib.metadata.version("scmver")
#                                        == `scmver version` run from the venv
#
# The version is never typed by hand: `scmver write pyproject` turns `dynamic = ["version"]` in
# pyproject.toml into the derived static version for the build, and `scmver write cargo` puts
# its SemVer twin into the workspace's Cargo.toml and Cargo.lock, so the binary's own
# `scmver --version` says it too; the files are restored after.
# Output: target/wheels/scmver-<version>-py3-none-<platform>.whl. Needs python3 and PyPI (once,
# for maturin, pinned in .ci/requirements-wheel.txt, into target/maturin-venv).
#
# Environment: SCMVER_ALLOW_SHALLOW=true to accept a shallow clone (see `scmver version --help`).
set -euo pipefail
cd "$(dirname "$0")/.."

# maturin ships its own binary inside its wheel: nothing else is downloaded.
maturin_venv="target/maturin-venv"
maturin_pin=$(sed -n 's/^maturin==//p' .ci/requirements-wheel.txt)
if [ "$("$maturin_venv/bin/maturin" --version 2>/dev/null)" != "maturin $maturin_pin" ]; then
  mkdir -p target
  python3 -m venv --clear "$maturin_venv"
  "$maturin_venv/bin/pip" install --quiet --disable-pip-version-check -r .ci/requirements-wheel.txt
fi

# The release binary stamps the version; maturin then finds it built and only packs it.
cargo build --release --locked --quiet -p scmver-cli
scmver="$PWD/target/release/scmver"

# Derive before stamping: writing pyproject.toml makes a tracked file differ from HEAD.
version=$("$scmver" version)
semver=$("$scmver" version --format semver)
backup="target/unstamped"
mkdir -p "$backup"
cp -p pyproject.toml Cargo.toml Cargo.lock "$backup/"
restore() { cp -p "$backup/pyproject.toml" "$backup/Cargo.toml" "$backup/Cargo.lock" .; }
trap restore EXIT
# The first stamp makes the tree dirty: both stamps take the version derived above.
SCMVER_PRETEND_VERSION="$version" "$scmver" write pyproject
SCMVER_PRETEND_VERSION="$version" "$scmver" write cargo
stamped=$(sed -n 's/^version = "\(.*\)"$/\1/p' pyproject.toml)
if [ "$stamped" != "$version" ]; then
  echo "build-wheel: pyproject.toml was stamped with \`$stamped\`, expected \`$version\`" >&2
  exit 1
fi

rm -rf target/wheels
"$maturin_venv/bin/maturin" build --release --locked --quiet --out target/wheels
restore
trap - EXIT

wheels=(target/wheels/scmver-*.whl)
if [ "${#wheels[@]}" -ne 1 ] || [ ! -f "${wheels[0]}" ]; then
  echo "build-wheel: expected one wheel in target/wheels, found: ${wheels[*]}" >&2
  exit 1
fi
wheel="${wheels[0]}"
echo "built $wheel"

# A fresh venv with nothing but the wheel: `pip install` must need no index and no toolchain.
venv="target/wheel-venv"
python3 -m venv --clear "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --no-index "$wheel"
on_path=$(PATH="$PWD/$venv/bin:$PATH" command -v scmver)
if [ "$on_path" != "$PWD/$venv/bin/scmver" ]; then
  echo "build-wheel: the venv puts \`$on_path\` on PATH, not its own scmver" >&2
  exit 1
fi
PATH="$PWD/$venv/bin:$PATH" scmver --help >/dev/null
from_venv=$(PATH="$PWD/$venv/bin:$PATH" scmver version)
own_version=$(PATH="$PWD/$venv/bin:$PATH" scmver --version)
metadata=$("$venv/bin/python" -c 'import importlib.metadata as m; print(m.version("scmver"))')
in_name=$(basename "$wheel" | cut -d- -f2)

status=0
if [ "$own_version" != "scmver $semver" ]; then
  echo "build-wheel: the binary's \`scmver --version\` says \`$own_version\`, expected \`scmver $semver\`" >&2
  status=1
fi
for pair in "wheel file name:$in_name" "importlib.metadata:$metadata" "scmver version from the venv:$from_venv"; do
  if [ "${pair#*:}" != "$version" ]; then
    echo "build-wheel: ${pair%%:*} says \`${pair#*:}\`, the repository's version is \`$version\`" >&2
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "wheel version $version == metadata == \`scmver version\` from the venv"
exit "$status"
