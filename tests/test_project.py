"""The project as a whole: declared dependencies match the imports, settings are documented."""
from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib

from conftest import REPO

LOCAL = {"rag", "index", "ui", "eval", "bench", "conftest", "answering_kit"}
# Declared but never imported, on purpose.
NOT_IMPORTED = {
    "torch": "pinned so pip takes the local CPU build; sentence-transformers imports it",
    "onnx": "torch.onnx.export (bench/onnx.py) imports it",
}
GROUPS = {"rag": "main", "index": "main", "ui": "main", "eval": "eval", "bench": "bench", "tests": "dev"}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement(spec: str) -> tuple[str, str]:
    m = re.match(r"\s*([A-Za-z0-9_.\-]+)(\[[^\]]*\])?\s*(.*)", spec)
    return _norm(m.group(1)), m.group(3)


def _declared() -> dict[str, dict[str, str]]:
    proj = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    groups = {"main": dict(map(_requirement, proj["dependencies"]))}
    for extra, reqs in proj.get("optional-dependencies", {}).items():
        groups[extra] = dict(map(_requirement, reqs))
    return groups


def _imports(folder) -> set[str]:
    mods = set()
    for f in (REPO / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                mods |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods.add(node.module.split(".")[0])
    return {m for m in mods if m not in sys.stdlib_module_names and m not in LOCAL and m != "__future__"}


def _dists(module: str) -> set[str]:
    return {_norm(d) for d in md.packages_distributions().get(module, [])}


def test_every_third_party_import_is_declared_in_its_group():
    declared = _declared()
    problems = []
    for folder, group in GROUPS.items():
        allowed = set(declared["main"]) | set(declared.get(group, {}))
        if folder == "rag":  # optional backends import their extra inside the backend
            allowed |= set(declared["llamacpp"])
        for mod in sorted(_imports(folder)):
            if not _dists(mod) & allowed:
                problems.append(f"{folder}/ imports {mod} ({sorted(_dists(mod)) or 'not installed'}), "
                                f"not declared in {group}")
    assert not problems, "\n".join(problems)


def test_every_declared_dependency_is_imported_and_has_a_floor():
    used = set()
    for folder in GROUPS:
        for mod in _imports(folder):
            used |= _dists(mod)
    problems = []
    for group, reqs in _declared().items():
        for name, spec in reqs.items():
            if name not in used and name not in NOT_IMPORTED:
                problems.append(f"{group}: {name} is declared but nothing imports it")
            if not re.search(r"(>=|==|~=)\s*\d", spec):
                problems.append(f"{group}: {name} has no version floor ({spec!r})")
    assert not problems, "\n".join(problems)


def test_every_setting_read_from_the_environment_is_in_the_readme():
    names = set()
    for folder in ("rag", "index", "ui", "eval"):
        for f in (REPO / folder).rglob("*.py"):
            names |= set(re.findall(r"[\"'](RAG_[A-Z0-9_]+)[\"']", f.read_text(encoding="utf-8")))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = "\n".join(line for line in readme.splitlines() if line.startswith("|"))
    missing = sorted(n for n in names if n not in table)
    assert names and not missing, f"settings missing from the README's table: {missing}"
