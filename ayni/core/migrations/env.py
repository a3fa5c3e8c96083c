"""Alembic environment: migrations run as the owner login, versions kept in `app`."""

from alembic import context
from sqlalchemy import text

connection = context.config.attributes["connection"]
connection.execute(text("CREATE SCHEMA IF NOT EXISTS app"))
context.configure(connection=connection, version_table_schema="app", transaction_per_migration=True)
with context.begin_transaction():
    context.run_migrations()
