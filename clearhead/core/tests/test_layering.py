"""The layering import-linter cannot see: foreign keys and templates.

`.importlinter` (run by `lint-imports` in `make test`) holds the dependency
graph of docs/architecture.md. A foreign key written as a string
("clinic.Enrollment") imports nothing, and a template's `{% include %}`
imports nothing either, so these tests hold them to the same graph, read from
the same file: one definition of the layers.
"""

import configparser
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "clearhead"
CONFIG = ROOT / ".importlinter"


def _config() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    return parser


def layers() -> list[set[str]]:
    """The apps of each layer, top first (optional layers' parentheses dropped)."""
    text = _config()["importlinter:contract:layers"]["layers"]
    return [
        {name.strip(" ()") for name in line.split("|")}
        for line in text.strip().splitlines()
    ]


def _rank(graph: list[set[str]]) -> dict[str, int]:
    return {app: number for number, line in enumerate(graph) for app in line}


def upward_relations(models, graph: list[set[str]]) -> list[str]:
    """Relations from one of our apps to an app not strictly below it.

    Django's and third-party models are below every app; so is the user model
    (`settings.AUTH_USER_MODEL`), which every app may point at.
    """
    rank = _rank(graph)
    wrong = []
    for model in models:
        source = model._meta.app_label
        for field in model._meta.get_fields():
            if (
                not field.is_relation
                or field.auto_created
                or field.related_model is None
            ):
                continue
            target = field.related_model._meta
            if target.label == settings.AUTH_USER_MODEL or target.app_label == source:
                continue
            if target.app_label not in rank:
                continue  # Django's or a third party's
            if source not in rank or rank[target.app_label] <= rank[source]:
                wrong.append(f"{model._meta.label}.{field.name} -> {target.label}")
    return wrong


def _our_models():
    return [m for m in apps.get_models() if m.__module__.startswith("clearhead.")]


def test_every_app_of_ours_is_in_the_layers():
    ours = {
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("clearhead.")
    }
    assert ours - set(_rank(layers())) == set()


def test_every_relation_points_down_the_graph():
    assert upward_relations(_our_models(), layers()) == []


def test_a_relation_up_the_graph_is_caught():
    # The same models against the graph turned upside down: every relation
    # between two of our apps (clinic's to care's, say) now points up.
    wrong = upward_relations(_our_models(), list(reversed(layers())))
    assert any(line.startswith("clinic.") and "-> care." in line for line in wrong)


INCLUDE = re.compile(r"""\{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def _app_templates():
    for directory in sorted(PACKAGE.glob("*/templates")):
        for template in sorted(directory.rglob("*.html")) + sorted(
            directory.rglob("*.txt")
        ):
            yield directory.parent.name, template


def cross_app_includes(templates) -> list[str]:
    """Includes and extends of another app's templates (core's are shared)."""
    wrong = []
    for app, template in templates:
        for name in INCLUDE.findall(template.read_text()):
            owner = name.split("/")[0] if "/" in name else None
            shared = (PACKAGE / "templates" / name).exists()
            if shared or owner in (app, "core"):
                continue
            wrong.append(
                f"{str(template).removeprefix(str(PACKAGE) + '/')} uses {name}"
            )
    return wrong


def test_no_app_includes_or_extends_another_apps_templates():
    assert cross_app_includes(_app_templates()) == []


def test_a_cross_app_include_is_caught(tmp_path):
    template = tmp_path / "page.html"
    template.write_text(
        '{% extends "base.html" %}{% include "core/_pager.html" %}'
        '{% include "recovery/_chart.html" %}'
    )
    assert cross_app_includes([("clinic", template)]) == [
        f"{template} uses recovery/_chart.html"
    ]


LOAD = re.compile(r"\{%\s*load\s+([^%]+?)\s*%\}")


def upward_tag_libraries(templates, graph: list[set[str]]) -> list[str]:
    """Template tag libraries an app's templates load from an app not below it."""
    from django.template.backends.django import get_installed_libraries

    owners = {
        name: module.split(".")[1]
        for name, module in get_installed_libraries().items()
        if module.startswith("clearhead.")
    }
    rank = _rank(graph)
    wrong = []
    for app, template in templates:
        for names in LOAD.findall(template.read_text()):
            for name in names.split():
                owner = owners.get(name)
                if owner is None or owner == app:
                    continue
                if app not in rank or rank.get(owner, -1) <= rank[app]:
                    wrong.append(f"{template.name} ({app}) loads {name} ({owner})")
    return wrong


def test_template_tags_come_from_the_app_itself_or_below():
    assert upward_tag_libraries(_app_templates(), layers()) == []
    # The graph upside down: clinic's use of recovery's tags now points up.
    upside_down = upward_tag_libraries(_app_templates(), list(reversed(layers())))
    assert any("loads recovery_tags (recovery)" in line for line in upside_down)


PRIVATE = re.compile(r"^(views|forms|urls|admin|\w+_views|\w+_urls)\.py$")


def test_every_views_forms_urls_and_admin_module_is_protected():
    """A new `*_views.py` (or forms, urls, admin) is private from its first day."""
    config = _config()
    protected = set()
    for section in config.sections():
        if config[section].get("type") == "protected":
            protected |= set(config[section]["protected_modules"].split())
    shared_bases = {"clearhead.core.forms", "clearhead.core.admin"}
    missing = [
        f"clearhead.{path.parent.name}.{path.stem}"
        for path in sorted(PACKAGE.glob("*/*.py"))
        if PRIVATE.match(path.name) and path.parent.name != "config"
    ]
    assert set(missing) - protected - shared_bases == set()
