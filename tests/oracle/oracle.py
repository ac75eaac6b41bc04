"""The Python side of scmver's differential test: setuptools_scm and packaging, in-process.

Reads one JSON request on stdin and prints one JSON answer on stdout. The `mode` key picks
what to do (default: "versions"):

- versions: {"root": DIR, "pairs": [[VERSION_SCHEME, LOCAL_SCHEME], ...], "config": {...}}
  runs setuptools_scm once per pair with `config` as the [tool.setuptools_scm] table and
  answers {"VERSION_SCHEME LOCAL_SCHEME": {"version": STR} | {"error": STR}, ...}; each entry
  also lists the `warnings` setuptools_scm emitted, for diagnosing a mismatch.
- parse: {"versions": [STR, ...]} answers [{"input": STR, "valid": BOOL, "normalized": STR|null}]
  using packaging.version.Version.
- sort: {"versions": [STR, ...]} answers the list sorted ascending by packaging.version.Version
  (stable, inputs returned as given); any invalid input is an error.
- about: {} answers the installed versions of setuptools_scm, vcs_versioning and packaging.

The caller controls the environment (SOURCE_DATE_EPOCH, no SETUPTOOLS_SCM_* variables).
"""

from __future__ import annotations

import json
import logging
import sys
import warnings


def _versions(request: dict) -> dict:
    from setuptools_scm import _get_version
    from vcs_versioning._environment import VcsEnvironment
    from vcs_versioning._get_version_impl import _version_missing

    root = request["root"]
    config = request.get("config") or {}
    answer = {}
    # setuptools_scm reports some diagnostics through logging; keep them as warnings.
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Collect(level=logging.WARNING)
    for name in ("vcs_versioning", "setuptools_scm"):
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).propagate = False

    for version_scheme, local_scheme in request["pairs"]:
        records.clear()
        data = json.loads(json.dumps(config))  # deep copy: from_data pops keys
        data.update(root=root, version_scheme=version_scheme, local_scheme=local_scheme)
        entry: dict = {}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                env = VcsEnvironment.from_env("SETUPTOOLS_SCM")
                cfg = env.build_config_from_data(relative_to=None, data=data)
                version = _get_version(cfg, force_write_version_files=False)
                if version is None:
                    _version_missing(cfg)
                entry["version"] = version
            except Exception as exc:  # every failure is an answer, not a crash
                entry["error"] = f"{type(exc).__name__}: {exc}"
        entry["warnings"] = [
            f"{w.category.__name__}: {w.message}"
            for w in caught
            # The scheme renames are about the names the differential test must use.
            if not str(w.message).startswith("Version scheme '")
        ] + records
        answer[f"{version_scheme} {local_scheme}"] = entry
    return answer


def _parse(request: dict) -> list:
    from packaging.version import InvalidVersion, Version

    out = []
    for text in request["versions"]:
        try:
            out.append({"input": text, "valid": True, "normalized": str(Version(text))})
        except InvalidVersion:
            out.append({"input": text, "valid": False, "normalized": None})
    return out


def _sort(request: dict) -> list:
    from packaging.version import Version

    return sorted(request["versions"], key=Version)


def _about(request: dict) -> dict:
    from importlib.metadata import version

    names = ("setuptools_scm", "vcs_versioning", "packaging")
    return {name: version(name.replace("_", "-")) for name in names}


MODES = {"versions": _versions, "parse": _parse, "sort": _sort, "about": _about}


def main() -> int:
    request = json.load(sys.stdin)
    mode = request.get("mode", "versions")
    if mode not in MODES:
        print(f"oracle: unknown mode {mode!r}", file=sys.stderr)
        return 2
    json.dump(MODES[mode](request), sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
