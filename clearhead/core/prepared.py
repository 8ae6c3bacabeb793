"""A read made on every request, compiled to SQL once per process.

Django builds and compiles a QuerySet's SQL again each time it is
evaluated; for a small read by an indexed key that Python work costs more
than the database's. A write path that runs the same read on every request
(the check-in's flags read the patient's recent check-ins and open flags)
keeps it here instead: the QuerySet is built and compiled once per process
and database, then each call runs that SQL with its own values, through the
converters the ORM would apply, so it returns what the QuerySet would.

Only for a query whose SQL does not depend on its values: equality and
range filters on plain fields (never `__in` a list, whose length is in the
SQL). The values are named: `build(**values)` makes the QuerySet, compiled
once with unlikely marker values that are then looked for among the
compiled parameters, so each call's values go in the same places.
"""

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Field, Model, QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    # Where each named value goes among the parameters.
    places: dict[str, list[int]]
    compiler: Any
    converters: dict
    # For model rows: the model, and the attnames of its columns in order.
    # How many columns are the query's own (the rest order the rows).
    width: int
    model: type[Model] | None
    attnames: list[str]


class PreparedQuery:
    """`build(**values)` compiled once per database; `fields` name the model
    field each value is compared with (it prepares the value for the
    database, as the ORM would).

    `rows(**values)`: the rows of a values_list() query, as tuples;
    `objects(**values)`: the model instances of a plain one.
    """

    def __init__(self, build: Callable[..., QuerySet], **fields: Field) -> None:
        self._build = build
        self._fields = fields
        self._compiled: dict[tuple[str, str], _Compiled] = {}

    def _compile(self, using: str) -> _Compiled:
        connection = connections[using]
        key = (using, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is not None:
            return compiled
        markers = {
            name: _marker(field, number)
            for number, (name, field) in enumerate(self._fields.items())
        }
        queryset = self._build(**markers)
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        prepared = {
            name: self._fields[name].get_db_prep_value(marker, connection)
            for name, marker in markers.items()
        }
        places = {
            name: [i for i, param in enumerate(params) if param == value]
            for name, value in prepared.items()
        }
        found = sorted(itertools.chain.from_iterable(places.values()))
        if any(not where for where in places.values()) or len(found) != len(params):
            raise ValueError(
                f"{sql!r}: every parameter must be one of the named values "
                f"({', '.join(self._fields)}), each found at least once."
            )
        query = queryset.query
        if query.annotation_select or query.extra_select:
            raise TypeError("Prepare a query of plain fields (no annotations).")
        columns = compiler.select[: compiler.col_count]
        model, attnames = None, []
        if queryset._iterable_class is ModelIterable:
            model = compiler.klass_info["model"]
            selected = compiler.klass_info["select_fields"]
            attnames = [
                column[0].target.attname
                for column in columns[selected[0] : selected[-1] + 1]
            ]
        elif queryset._iterable_class is not ValuesListIterable:
            raise TypeError("Prepare a QuerySet of models or a values_list().")
        compiled = _Compiled(
            sql=sql,
            params=tuple(params),
            places=places,
            compiler=compiler,
            converters=compiler.get_converters([column[0] for column in columns]),
            width=compiler.col_count,
            model=model,
            attnames=attnames,
        )
        self._compiled[key] = compiled
        return compiled

    def _execute(self, using: str, values: dict) -> tuple[_Compiled, list]:
        compiled = self._compile(using)
        connection = connections[using]
        params = list(compiled.params)
        for name, value in values.items():
            prepared = self._fields[name].get_db_prep_value(value, connection)
            for place in compiled.places[name]:
                params[place] = prepared
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows = [row[: compiled.width] for row in cursor.fetchall()]
        if compiled.converters:
            rows = compiled.compiler.apply_converters(rows, compiled.converters)
        return compiled, [tuple(row) for row in rows]

    def rows(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> list[tuple]:
        """The rows for these values (every named value must be given)."""
        return self._execute(using, self._complete(values))[1]

    def objects(self, *, using: str = DEFAULT_DB_ALIAS, **values) -> list[Model]:
        """The model instances for these values (a QuerySet of one model)."""
        compiled, rows = self._execute(using, self._complete(values))
        if compiled.model is None:
            raise TypeError("objects() needs a QuerySet of model instances.")
        width = len(compiled.attnames)
        return [
            compiled.model.from_db(using, compiled.attnames, row[:width])
            for row in rows
        ]

    def _complete(self, values: dict) -> dict:
        if values.keys() != self._fields.keys():
            raise TypeError(f"Give exactly these values: {', '.join(self._fields)}.")
        return values


def _marker(field: Field, number: int) -> Any:
    """A value no real row is asked for, different for each parameter."""
    internal = field.get_internal_type()
    if internal == "DateField":
        return date(1001, 1, 1 + number)
    if internal in {"ForeignKey", "OneToOneField"}:
        field = field.target_field
        internal = field.get_internal_type()
    if internal.endswith("AutoField") or internal.endswith("IntegerField"):
        return -7_340_001 - number
    raise TypeError(f"No marker for a {internal} parameter.")
