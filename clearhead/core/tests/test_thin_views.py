"""Views and API handlers stay thin: issue 13's "one policy", enforced.

Two checks keep patient data going through selectors and services, which take
the actor and ask `care.policy`, so that the rule cannot drift back:

* the `views-declare-audit` contract in `.importlinter` (run by
  `lint-imports` in `make test`): no `views`, `*_views` or `api` module
  imports `clearhead.audit.services`. A view declares the actions it may
  record (`clearhead.audit.decorators`); the service or selector it calls
  writes the row;
* `orm_calls_for_patient_data` below: no such module touches a model holding
  patient data through the ORM (`Model.objects`, `get_object_or_404(Model)`,
  or a related manager such as `patient.checkins.filter(...)`). Which models
  hold patient data is read from the model graph, not listed by hand: a
  foreign key or one-to-one named `patient` to the user model, or a relation
  to a model that holds patient data.
"""

import ast
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import grimp
from django.apps import apps
from django.contrib.auth import get_user_model
from importlinter.adapters.user_options import IniFileUserOptionReader
from importlinter.configuration import configure
from importlinter.contracts.forbidden import ForbiddenContract

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "clearhead"
CONFIG = ROOT / ".importlinter"
CONTRACT = "views-declare-audit"
THIN = re.compile(r"^(views|\w+_views|api)\.py$")

ORM_METHODS = frozenset(
    [
        "all",
        "filter",
        "exclude",
        "get",
        "first",
        "last",
        "exists",
        "count",
        "create",
        "update",
        "delete",
        "values",
        "values_list",
        "order_by",
        "select_related",
        "prefetch_related",
        "annotate",
        "alias",
        "aggregate",
        "get_or_create",
        "update_or_create",
        "bulk_create",
        "bulk_update",
        "in_bulk",
        "latest",
        "earliest",
        "iterator",
        "only",
        "defer",
        "distinct",
        "union",
        "add",
        "remove",
        "set",
        "clear",
    ]
)
SHORTCUTS = frozenset({"get_object_or_404", "get_list_or_404"})


def thin_modules() -> list[Path]:
    """Every views, `*_views` and api module of ours."""
    return sorted(p for p in PACKAGE.glob("*/*.py") if THIN.match(p.name))


def _dotted(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


# --- The import contract --------------------------------------------------


def _contract_options() -> dict:
    configure()
    options = IniFileUserOptionReader().read_options(config_filename=str(CONFIG))
    [found] = [
        contract for contract in options.contracts_options if contract["id"] == CONTRACT
    ]
    return {k: v for k, v in found.items() if k not in ("id", "name", "type")}


def _check(imports: list[tuple[str, str]]) -> bool:
    """Whether the contract holds for a graph of just these imports."""
    graph = grimp.ImportGraph()
    graph.add_module("clearhead")
    graph.add_module("clearhead.audit.services")
    # Every module the contract names must exist, as in the real graph.
    for path in thin_modules():
        graph.add_module(_dotted(path))
    for importer, imported in imports:
        graph.add_import(
            importer=importer, imported=imported, line_number=1, line_contents=""
        )
    contract = ForbiddenContract(
        name=CONTRACT,
        session_options={"root_packages": ["clearhead"]},
        contract_options=_contract_options(),
    )
    return contract.check(graph, verbose=False).kept


def _matches(expression: str, module: str) -> bool:
    pattern = r"\.".join(
        "[^.]+" if part == "*" else re.escape(part) for part in expression.split(".")
    )
    return re.fullmatch(pattern, module) is not None


def test_every_views_and_api_module_is_held_by_the_audit_contract():
    """A new `*_views.py` cannot write audit rows from its first day."""
    sources = _contract_options()["source_modules"]
    uncovered = [
        module
        for module in map(_dotted, thin_modules())
        if not any(_matches(expression, module) for expression in sources)
    ]
    assert uncovered == []


def test_the_audit_contract_catches_a_planted_import():
    services = "clearhead.audit.services"
    # Through a service is how it should be: allowed.
    assert _check(
        [
            ("clearhead.recovery.views", "clearhead.recovery.services"),
            ("clearhead.recovery.services", services),
        ]
    )
    for planted in (
        "clearhead.recovery.views",
        "clearhead.recovery.api",
        "clearhead.clinic.record_views",
    ):
        assert not _check([(planted, services)]), planted
    # The decorators are what views use to declare their actions.
    assert _check([("clearhead.recovery.views", "clearhead.audit.decorators")])


# --- ORM calls for patient data -------------------------------------------


def _relations(model):
    return [
        field
        for field in model._meta.get_fields()
        if field.is_relation
        and not field.auto_created
        and (field.many_to_one or field.one_to_one)
    ]


def patient_data_models(models) -> set:
    """Models holding a patient's data: a relation named `patient` to the user
    model, or a relation to a model that holds patient data."""
    user = get_user_model()
    holding = {
        model
        for model in models
        if any(
            f.name == "patient" and f.related_model is user for f in _relations(model)
        )
    }
    grown = True
    while grown:
        grown = False
        for model in models:
            if model not in holding and any(
                f.related_model in holding for f in _relations(model)
            ):
                holding.add(model)
                grown = True
    return holding


@dataclass(frozen=True)
class PatientData:
    models: dict[str, str]  # class name -> label
    managers: dict[str, str]  # manager attribute -> label ("objects")
    related: dict[str, str]  # related manager accessor ("checkins") -> label

    @classmethod
    def from_models(cls, models) -> "PatientData":
        holding = patient_data_models(models)
        names, managers, related = {}, {}, {}
        for model in sorted(holding, key=lambda m: m._meta.label):
            names[model.__name__] = model._meta.label
            for manager in model._meta.managers:
                managers[manager.name] = model._meta.label
            for field in _relations(model):
                if field.many_to_one:
                    accessor = field.remote_field.get_accessor_name()
                    if accessor and not field.remote_field.hidden:
                        related[accessor] = model._meta.label
        managers |= dict.fromkeys(("_default_manager", "_base_manager"), "")
        return cls(names, managers, related)


def _model_named(node, data: PatientData) -> str | None:
    """`DailyCheckIn` or `models.DailyCheckIn`: the label of a patient-data model."""
    if isinstance(node, ast.Name):
        return data.models.get(node.id)
    if isinstance(node, ast.Attribute):
        return data.models.get(node.attr)
    return None


def orm_calls_for_patient_data(source: str, filename: str, data: PatientData):
    """Each ORM use of a patient-data model in `source`, as "file:line: what"."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if isinstance(node, ast.Attribute) and node.attr in data.managers:
            label = _model_named(node.value, data)
            if label:
                found.append((node.lineno, f"{label}.{node.attr}"))
        elif isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            if name in SHORTCUTS and node.args:
                label = _model_named(node.args[0], data)
                if label:
                    found.append((node.lineno, f"{name}({label})"))
            elif (
                isinstance(func, ast.Attribute)
                and func.attr in ORM_METHODS
                and isinstance(func.value, ast.Attribute)
                and func.value.attr in data.related
            ):
                label = data.related[func.value.attr]
                found.append(
                    (node.lineno, f".{func.value.attr}.{func.attr}() on {label}")
                )
    return [
        f"{filename}:{line}: {what} (patient data: go through a selector or service)"
        for line, what in sorted(set(found))
    ]


def _patient_data() -> PatientData:
    return PatientData.from_models(apps.get_models())


def test_the_models_holding_patient_data_are_read_from_the_model_graph():
    labels = {m._meta.label for m in patient_data_models(apps.get_models())}
    # A patient key of its own; reached through an enrollment; not patient data.
    assert {"recovery.DailyCheckIn", "care.Enrollment"} <= labels
    assert {"clinic.ProgressNote", "care.Consent"} <= labels
    assert not labels & {"directory.Meeting", "accounts.User", "education.Article"}


def test_no_view_or_api_handler_makes_an_orm_call_for_patient_data():
    data = _patient_data()
    found = []
    for path in thin_modules():
        found += orm_calls_for_patient_data(
            path.read_text(), str(path.relative_to(ROOT)), data
        )
    assert found == []


def test_an_orm_call_for_patient_data_in_a_view_is_caught():
    planted = textwrap.dedent(
        """
        from django.shortcuts import get_object_or_404
        from clearhead.clinic import models
        from clearhead.directory.models import Meeting
        from clearhead.recovery.models import DailyCheckIn

        def page(request, public_id):
            meeting = Meeting.objects.filter(public_id=public_id).first()
            plan = get_object_or_404(models.PlanPhase, public_id=public_id)
            checkins = DailyCheckIn.objects.filter(patient=request.user)
            return request.user.checkins.filter(day=None), plan, meeting, checkins
        """
    )
    found = orm_calls_for_patient_data(planted, "fake/views.py", _patient_data())
    assert found == [
        "fake/views.py:9: get_object_or_404(clinic.PlanPhase)"
        " (patient data: go through a selector or service)",
        "fake/views.py:10: recovery.DailyCheckIn.objects"
        " (patient data: go through a selector or service)",
        "fake/views.py:11: .checkins.filter() on recovery.DailyCheckIn"
        " (patient data: go through a selector or service)",
    ]
