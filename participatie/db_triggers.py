"""Database triggers that apps keep for derived data (response counters, the feedback register's answered_on
and dashboard tally): which exist, and dropping them, on PostgreSQL and SQLite alike."""


def triggers_existing(cursor, vendor: str, names) -> set[str]:
    """Which of the triggers ``names`` exist in the database of ``cursor``."""
    if vendor == "postgresql":
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname = ANY(%s)", [list(names)])
    else:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    return {row[0] for row in cursor.fetchall()} & set(names)


def triggers_drop(connection, tables_by_trigger: dict[str, str]) -> None:
    """Drop the triggers {name: table} where they exist (PostgreSQL names the table, SQLite does not)."""
    with connection.cursor() as cursor:
        for name, table in tables_by_trigger.items():
            suffix = f" ON {table}" if connection.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{suffix}")
