"""Running a migration's SQL script statement by statement, inside the migration's transaction."""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database


def run_script(db: Database, sql: str) -> None:
    """Execute every statement of *sql*, cut at the ends of lines, in the transaction already open.

    ``Database.executescript`` inside a transaction looks for each statement's end one character at a
    time, re-joining the text read so far at every step: quadratic in a statement's length. The report
    triggers are long statements, and that search cost every new database 5 s of CPU. A statement here
    ends at a line's end (a script puts each on lines of its own; a trigger's body ends at ``END;``).
    """
    statement = ""
    for line in sql.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"a statement without its end at the end of a script: {statement.strip()[:80]!r}")
