"""The house's layout: apps depend on the ones below them only (docs/architecture.md).

journal (recording, reading the journal back) <- insights (analysis, charts,
weekly review) <- export (doctor summary, CSV, backup and import).
accounts (sign-up, settings, sessions, deletion) stands on journal only. The
project package holds settings, URLs and site-wide plumbing: only its urls.py
names an app.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("cramplog", "journal", "accounts", "insights", "export")
# What each app may import from the others.
ALLOWED = {
    "journal": set(),
    "accounts": {"journal"},
    "insights": {"journal"},
    "export": {"journal", "insights"},
    "cramplog": set(),
}
# The root URLconf mounts every app; nothing else in the project package may.
EXCEPTIONS = {"cramplog/urls.py": set(APPS) - {"cramplog"}}


def imported_apps(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield top, node.lineno


def app_sources(app):
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


def dependencies():
    found = {}
    for app in APPS:
        for path in app_sources(app):
            relative = path.relative_to(ROOT).as_posix()
            for other, line in imported_apps(path):
                if other != app:
                    found.setdefault(app, []).append((other, relative, line))
    return found


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app):
    wrong = [
        f"{where}:{line} imports {other}"
        for other, where, line in dependencies().get(app, [])
        if other not in ALLOWED[app] and other not in EXCEPTIONS.get(where, ())
    ]
    assert not wrong, "imports that point up or sideways:\n" + "\n".join(wrong)


def test_the_checker_sees_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from export.summary import build_summary\nimport insights.charts\n")
    assert list(imported_apps(bad)) == [("export", 1), ("insights", 2)]


def test_the_allowed_graph_has_no_cycle():
    def reaches(start, goal, seen=()):
        return any(
            nxt == goal or (nxt not in seen and reaches(nxt, goal, (*seen, nxt)))
            for nxt in ALLOWED[start]
        )

    assert not [app for app in APPS if reaches(app, app)]
