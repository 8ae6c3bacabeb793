"""A few hot reads as plain SQL, and several statements in one round trip.

Building and compiling a queryset costs more Python than the database spends
on a small indexed read (tenths of a millisecond each): the reads every
check-in makes are `PlainSelect`s instead. Their SQL is built once from the
model's `_meta` (no table or column name typed a second time), and their
values go through the converters the ORM itself applies (a UUID, a date, a
boolean from SQLite), so a row reads the same either way.

On PostgreSQL with psycopg 3's client-side binding (Django's default), one
`execute` may hold several statements: the server runs them in order, each
with its own snapshot as if sent alone, and answers in one round trip
(`many_statements_at_once`, `fetch_together`).
"""

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.constants import OnConflict


def many_statements_at_once(connection) -> bool:
    """Whether one `cursor.execute` may hold several `;`-separated statements,
    with %s parameters, and hand back each one's rows (cursor.nextset)."""
    if connection.vendor != "postgresql":
        return False  # sqlite3 runs one statement per execute
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3 and not connection.features.uses_server_side_binding


class PlainSelect:
    """SELECT `fields` of `model` WHERE `where`: a read built once.

    `fields`: field names as `values_list` takes them ("patient_id" or
    "patient" for a foreign key's column); `where`: a condition on the
    table's columns with %s parameters (and any ORDER BY or LIMIT after it).
    `rows(params)` gives tuples in the order of `fields`; `instances(params)`
    model instances, when `fields` are every concrete field of the model.
    """

    def __init__(self, model, fields: Sequence[str], where: str) -> None:
        opts = model._meta
        self.model = model
        self.fields = [opts.get_field(name) for name in fields]
        columns = ", ".join(f'"{field.column}"' for field in self.fields)
        self.sql = f'SELECT {columns} FROM "{opts.db_table}" WHERE {where}'  # noqa: S608  (our tables)
        self._converters: dict[str, list] = {}

    def convert(self, rows, connection) -> list[tuple]:
        """The database's `rows` as the ORM hands them back."""
        converters = self._converters.get(connection.alias)
        if converters is None:
            converters = self._converters[connection.alias] = [
                (index, column, functions)
                for index, field in enumerate(self.fields)
                for column in [field.get_col(self.model._meta.db_table)]
                for functions in [
                    [
                        *connection.ops.get_db_converters(column),
                        *column.get_db_converters(connection),
                    ]
                ]
                if functions
            ]
        if not converters:
            return [tuple(row) for row in rows]
        converted = []
        for row in rows:
            row = list(row)
            for index, column, functions in converters:
                value = row[index]
                for function in functions:
                    value = function(value, column, connection)
                row[index] = value
            converted.append(tuple(row))
        return converted

    def rows(self, params: Sequence, *, using: str = DEFAULT_DB_ALIAS) -> list[tuple]:
        return fetch_together((self, params), using=using)[0]

    def instances(self, params: Sequence, *, using: str = DEFAULT_DB_ALIAS) -> list:
        return self.as_instances(self.rows(params, using=using), using=using)

    def as_instances(self, rows: list[tuple], *, using: str = DEFAULT_DB_ALIAS) -> list:
        """Model instances from `rows` of this read (every concrete field)."""
        if self.fields != list(self.model._meta.concrete_fields):
            raise TypeError("instances need every concrete field, in order")
        names = [field.attname for field in self.fields]
        return [self.model.from_db(using, names, row) for row in rows]


class PlainInsert:
    """INSERT of one `model` row's `fields` that does nothing when a unique
    value is already held, and returns the new primary key: the statement
    the ORM writes for `_insert(on_conflict=OnConflict.IGNORE,
    returning_fields=[pk])`, built once per database from the backend's own
    clauses, with the values prepared as the ORM prepares them (pre_save,
    get_db_prep_save). `fields`: model fields; by default every column but
    those the database makes (the primary key, generated columns). For
    databases that return columns from an INSERT (`usable`)."""

    def __init__(self, model, fields: Sequence | None = None) -> None:
        self.model = model
        self.fields = (
            list(fields)
            if fields is not None
            else [
                field
                for field in model._meta.concrete_fields
                if not field.primary_key and not field.generated
            ]
        )
        self._sql: dict[str, str] = {}

    def sql(self, connection) -> str:
        sql = self._sql.get(connection.alias)
        if sql is None:
            ops, opts = connection.ops, self.model._meta
            returning, _ = ops.return_insert_columns([opts.pk])
            columns = ", ".join(ops.quote_name(field.column) for field in self.fields)
            parts = [
                ops.insert_statement(on_conflict=OnConflict.IGNORE),
                f"{ops.quote_name(opts.db_table)} ({columns})",
                f"VALUES ({', '.join(['%s'] * len(self.fields))})",
                ops.on_conflict_suffix_sql(self.fields, OnConflict.IGNORE, (), ()),
                returning,
            ]
            sql = self._sql[connection.alias] = " ".join(part for part in parts if part)
        return sql

    def usable(self, *, using: str = DEFAULT_DB_ALIAS) -> bool:
        """Whether the database can run it (returns columns from an INSERT:
        not SQLite before 3.35)."""
        return connections[using].features.can_return_columns_from_insert

    def insert(self, instance, *, using: str = DEFAULT_DB_ALIAS) -> bool:
        """Insert `instance`; True, with its primary key set (and saved
        state), if it was added, False if a unique value was already held."""
        connection = connections[using]
        params = [
            field.get_db_prep_save(field.pre_save(instance, True), connection)
            for field in self.fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(self.sql(connection), params)
            row = cursor.fetchone()
        if row is None:
            return False
        instance.pk = row[0]
        instance._state.adding = False
        instance._state.db = using
        return True


class PlainUpdate:
    """UPDATE of one `model` row's `fields` (names or attnames) by its
    primary key, to the instance's values: what `filter(pk=...).update()`
    writes, built once, with the values prepared as the ORM prepares them
    (get_db_prep_save; no pre_save, as `update()`)."""

    def __init__(self, model, fields: Sequence[str]) -> None:
        opts = model._meta
        self.fields = [opts.get_field(name) for name in fields]
        assignments = ", ".join(f'"{field.column}" = %s' for field in self.fields)
        self.sql = (
            f'UPDATE "{opts.db_table}" SET {assignments} '  # noqa: S608  (our tables)
            f'WHERE "{opts.pk.column}" = %s'
        )

    def statement(self, instance, connection) -> tuple[str, list]:
        """(sql, params) of the instance's UPDATE, for `fetch_together`'s
        `first` (several rows in one round trip where the database allows)."""
        params = [
            field.get_db_prep_save(getattr(instance, field.attname), connection)
            for field in self.fields
        ]
        return self.sql, [*params, instance.pk]

    def update(self, instance, *, using: str = DEFAULT_DB_ALIAS) -> None:
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(*self.statement(instance, connection))


def fetch_together(
    *reads: tuple[PlainSelect, Sequence],
    first: Sequence[tuple[str, Sequence]] = (),
    using: str = DEFAULT_DB_ALIAS,
) -> list[list[tuple]]:
    """Run the statements `first` ((sql, params), their results ignored), then
    each (read, params), and return each read's rows, in order: in one round
    trip where the database allows it (many_statements_at_once)."""
    connection = connections[using]
    statements = [*first, *((read.sql, params) for read, params in reads)]
    batches = _batched(statements, connection)
    results = []
    with connection.cursor() as cursor:
        if len(batches) < len(statements):  # one execute: a result per statement
            cursor.execute(*batches[0])
            for _ in first:
                cursor.nextset()
            for number, (read, _) in enumerate(reads):
                if number:
                    cursor.nextset()
                results.append(read.convert(cursor.fetchall(), connection))
        else:
            for sql, params in first:
                cursor.execute(sql, params)
            for read, params in reads:
                cursor.execute(read.sql, params)
                results.append(read.convert(cursor.fetchall(), connection))
    return results


def _batched(statements, connection) -> list[tuple[str, list]]:
    """The statements as one (sql, params) where the database allows it."""
    if len(statements) < 2 or not many_statements_at_once(connection):
        return statements
    return [
        (
            "; ".join(sql for sql, _ in statements),
            [param for _, params in statements for param in params],
        )
    ]
