"""The tenant rule as one SQL function that every policy calls.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

APP_TENANT_TABLES = ("uploads", "column_mappings", "data_updates")


def upgrade() -> None:
    # The company of the transaction (SET LOCAL ayni.company_id), or null: no row matches.
    # A plain STABLE SQL function is inlined by the planner, so policies keep using the
    # (company_id, ...) indexes. The migrations, the feature tables and dbt's post-hook
    # all write `company_id = app.current_company_id()`.
    op.execute(
        """
        CREATE FUNCTION app.current_company_id() RETURNS bigint
            LANGUAGE sql STABLE PARALLEL SAFE
            AS $$ SELECT nullif(current_setting('ayni.company_id', true), '')::bigint $$;
        CREATE FUNCTION app.platform_admin() RETURNS boolean
            LANGUAGE sql STABLE PARALLEL SAFE
            AS $$ SELECT coalesce(current_setting('ayni.platform_admin', true), '') = 'on' $$;
        GRANT EXECUTE ON FUNCTION app.current_company_id(), app.platform_admin()
            TO ayni_app, ayni_worker;

        DROP POLICY tenant_read ON raw.transactions;
        CREATE POLICY tenant_read ON raw.transactions FOR SELECT TO ayni_app
            USING (company_id = app.current_company_id());
        DROP POLICY admin_reads ON app.audit_log;
        CREATE POLICY admin_reads ON app.audit_log FOR SELECT TO ayni_app
            USING (app.platform_admin());
        """
    )
    for table in APP_TENANT_TABLES:
        op.execute(
            f"""
            DROP POLICY tenant_rows ON app.{table};
            CREATE POLICY tenant_rows ON app.{table} FOR ALL TO ayni_app
                USING (company_id = app.current_company_id() OR app.platform_admin())
                WITH CHECK (company_id = app.current_company_id() OR app.platform_admin());
            """
        )


def downgrade() -> None:
    old = "company_id = nullif(current_setting('ayni.company_id', true), '')::bigint"
    admin = "current_setting('ayni.platform_admin', true) = 'on'"
    op.execute(
        f"""
        DROP POLICY tenant_read ON raw.transactions;
        CREATE POLICY tenant_read ON raw.transactions FOR SELECT TO ayni_app USING ({old});
        DROP POLICY admin_reads ON app.audit_log;
        CREATE POLICY admin_reads ON app.audit_log FOR SELECT TO ayni_app USING ({admin});
        """
    )
    for table in APP_TENANT_TABLES:
        op.execute(
            f"""
            DROP POLICY tenant_rows ON app.{table};
            CREATE POLICY tenant_rows ON app.{table} FOR ALL TO ayni_app
                USING ({old} OR {admin}) WITH CHECK ({old} OR {admin});
            """
        )
    op.execute("DROP FUNCTION app.current_company_id(), app.platform_admin()")
