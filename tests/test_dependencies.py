"""Dependencies between the apps point one way (docs/architecture.md): `cases` and `conferences`
build on `home`; `home` never uses either, and they never use each other.

Python is read with `ast`, so an import inside a function counts as much as one at the top, and
so do the other ways of reaching a module or model by name (importlib, import_string, a lazy
model reference like "cases.CaseIndexPage", apps.get_model("cases", …)). Templates are read for
`{% load %}` of another app's template tags and `{% include %}`/`{% extends %}` of its templates.
That home really runs without the other two is shown in tests/home/test_without_other_apps.py.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("home", "cases", "conferences")
# app → the apps it must never use
FORBIDDEN = {"home": {"cases", "conferences"}, "cases": {"conferences"}, "conferences": {"cases"}}
# Calls that take a module, dotted path or app label as their first argument.
BY_NAME = {"import_module", "__import__", "import_string", "get_model", "get_app_config", "is_installed"}


def _target(name):
    """The app a dotted name or label refers to, if it is one of ours."""
    head = name.split(".", 1)[0].split(":", 1)[0]
    return head if head in APPS else None


def python_uses(source):
    """(line, app, how) for every reference to one of our apps in Python source."""
    uses = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            uses += [(node.lineno, _target(alias.name), f"import {alias.name}") for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            uses.append((node.lineno, _target(node.module), f"from {node.module} import …"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            first = node.args[0] if node.args else None
            if name in BY_NAME and isinstance(first, ast.Constant) and isinstance(first.value, str):
                uses.append((node.lineno, _target(first.value), f"{name}({first.value!r})"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            # A lazy reference: "cases.CaseIndexPage", "conferences.models", or a bare app label.
            if re.fullmatch(r"[a-z_]+(\.[A-Za-z_]\w*)*", node.value):
                uses.append((node.lineno, _target(node.value), f"{node.value!r}"))
    return [(line, app, how) for line, app, how in uses if app]


def _template_libraries(app):
    return {path.stem for path in (ROOT / app / "templatetags").glob("*.py") if path.stem != "__init__"}


TAG = re.compile(r"{%\s*(load|include|extends)\s+(.*?)\s*%}")


def template_uses(source, libraries):
    """(line, app, how) for every {% load %} of an app's tag library and every {% include %} or
    {% extends %} of a template in an app's folder. `libraries` maps app → its tag libraries."""
    uses = []
    for match in TAG.finditer(source):
        line = source.count("\n", 0, match.start()) + 1
        word, argument = match.groups()
        if word == "load":
            tokens = argument.split()
            names = tokens[-1:] if "from" in tokens else tokens
            uses += [
                (line, app, match.group(0)) for app, libs in libraries.items() for n in names if n in libs
            ]
        else:
            template = re.match(r"""["']([^"']+)["']""", argument)
            if template and template.group(1).split("/", 1)[0] in APPS:
                uses.append((line, template.group(1).split("/", 1)[0], match.group(0)))
    return uses


def _python_files(app):
    return sorted((ROOT / app).rglob("*.py"))


def _templates_of(app):
    """The templates an app owns: templates/<app>/, and for home the shared ones around them
    (base.html, the error pages, includes/, blocks/, search/)."""
    folder = ROOT / "templates"
    if app != "home":
        return sorted((folder / app).rglob("*.html")) + sorted((folder / app).rglob("*.txt"))
    others = {folder / other for other in APPS if other != "home"}
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix in (".html", ".txt") and not any(parent in others for parent in path.parents)
    )


@pytest.mark.parametrize("app", APPS)
def test_python_never_uses_a_forbidden_app(app):
    found = [
        f"{path.relative_to(ROOT)}:{line}: {how}"
        for path in _python_files(app)
        for line, target, how in python_uses(path.read_text(encoding="utf-8"))
        if target in FORBIDDEN[app]
    ]
    assert not found, f"{app} must not use {sorted(FORBIDDEN[app])}:\n" + "\n".join(found)


@pytest.mark.parametrize("app", APPS)
def test_templates_never_reach_into_a_forbidden_app(app):
    libraries = {other: _template_libraries(other) for other in FORBIDDEN[app]}
    found = [
        f"{path.relative_to(ROOT)}:{line}: {how}"
        for path in _templates_of(app)
        for line, target, how in template_uses(path.read_text(encoding="utf-8"), libraries)
        if target in FORBIDDEN[app]
    ]
    assert not found, f"{app}'s templates must not use {sorted(FORBIDDEN[app])}:\n" + "\n".join(found)


def test_the_checks_see_every_kind_of_reference():
    """The checks above would fail on each of these (a check that sees nothing proves nothing)."""
    source = """
import cases.models
from conferences.models import ConferencePage
from home.models import HomePage


def section():
    from cases.models import CaseIndexPage
    import_module("conferences.registration")
    apps.get_model("cases", "Value")
    return ["cases.CaseIndexPage", "conferences", "home.StandardPage", "Dette er en sætning."]
"""
    found = {(line, app) for line, app, _ in python_uses(source)}
    assert found == {(2, "cases"), (3, "conferences"), (4, "home"), (8, "cases"), (9, "conferences")} | {
        (10, "cases"),
        (11, "cases"),
        (11, "conferences"),
        (11, "home"),
    }

    libraries = {"cases": {"cases_tags"}, "conferences": {"conference_tags"}}
    template = (
        '{% load static conference_tags %}\n{% include "cases/includes/home_cases.html" %}\n'
        "{% load municipality_name from cases_tags %}\n{% include 'includes/card.html' %}\n"
        '{% extends "conferences/base.html" %}'
    )
    assert [(line, app) for line, app, _ in template_uses(template, libraries)] == [
        (1, "conferences"),
        (2, "cases"),
        (3, "cases"),
        (5, "conferences"),
    ]
