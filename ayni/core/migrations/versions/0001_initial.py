"""App schema, raw lines, and the tenancy rules.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Who may see what (docs/ARCHITECTURE.md, Tenancy): ayni_worker owns the data schemas, so it
# is not subject to their row-level security; ayni_app reads them only through the
# policy, which matches the company set for the transaction.
TENANT_POLICY = (
    "company_id = nullif(current_setting('ayni.company_id', true), '')::bigint"
)
# Per-company rows of the app schema: the company of the transaction, or the platform
# admin's pages (queue health, audit) when the app marks the transaction as theirs.
APP_TENANT_TABLES = ("uploads", "column_mappings", "data_updates")
APP_POLICY = f"{TENANT_POLICY} OR current_setting('ayni.platform_admin', true) = 'on'"


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE app.users (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            email           text NOT NULL,
            name            text NOT NULL,
            password_hash   text NOT NULL,
            is_admin        boolean NOT NULL DEFAULT false,
            totp_secret     text,
            failed_logins   integer NOT NULL DEFAULT 0,
            locked_until    timestamptz,
            language        text NOT NULL DEFAULT 'es' CHECK (language IN ('es', 'en')),
            created_at      timestamptz NOT NULL DEFAULT now(),
            last_login_at   timestamptz
        );
        CREATE UNIQUE INDEX users_email_key ON app.users (lower(email));

        CREATE TABLE app.companies (
            id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            name                text NOT NULL CHECK (length(trim(name)) > 0),
            rut                 text NOT NULL UNIQUE CHECK (rut ~ '^[0-9]{7,8}-[0-9K]$'),
            industry            text NOT NULL,
            size                text NOT NULL CHECK (size IN ('micro', 'small', 'medium', 'large')),
            benchmark_opt_in    boolean NOT NULL DEFAULT true,
            prices_include_vat  boolean NOT NULL DEFAULT true,
            created_at          timestamptz NOT NULL DEFAULT now()
        );

        CREATE TABLE app.user_companies (
            user_id     bigint NOT NULL REFERENCES app.users (id) ON DELETE CASCADE,
            company_id  bigint NOT NULL REFERENCES app.companies (id) ON DELETE CASCADE,
            role        text NOT NULL CHECK (role IN ('owner', 'operations', 'marketing', 'finance')),
            created_at  timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (user_id, company_id)
        );

        CREATE TABLE app.column_mappings (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            company_id      bigint NOT NULL REFERENCES app.companies (id) ON DELETE CASCADE,
            name            text NOT NULL,
            source_columns  text[] NOT NULL,
            mapping         jsonb NOT NULL,
            formats         jsonb NOT NULL DEFAULT '{}',
            defaults        jsonb NOT NULL DEFAULT '{}',
            created_at      timestamptz NOT NULL DEFAULT now(),
            updated_at      timestamptz NOT NULL DEFAULT now(),
            UNIQUE (company_id, name)
        );

        CREATE TABLE app.uploads (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            company_id      bigint NOT NULL REFERENCES app.companies (id) ON DELETE CASCADE,
            user_id         bigint REFERENCES app.users (id) ON DELETE SET NULL,
            filename        text NOT NULL,
            file_path       text,
            file_sha256     text,
            file_bytes      bigint,
            mode            text NOT NULL DEFAULT 'append' CHECK (mode IN ('append', 'replace')),
            mapping_name    text,
            mapping         jsonb,
            source_format   jsonb,
            max_error_pct   numeric NOT NULL DEFAULT 5 CHECK (max_error_pct BETWEEN 0 AND 100),
            source          text NOT NULL DEFAULT 'upload',
            status          text NOT NULL DEFAULT 'queued'
                            CHECK (status IN ('queued', 'running', 'done', 'failed')),
            stage           text NOT NULL DEFAULT 'queued',
            percent         integer NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
            lines_read      integer NOT NULL DEFAULT 0,
            lines_loaded    integer NOT NULL DEFAULT 0,
            lines_rejected  integer NOT NULL DEFAULT 0,
            lines_warned    integer NOT NULL DEFAULT 0,
            date_from       date,
            date_to         date,
            error           text,
            report_path     text,
            job_id          text,
            created_at      timestamptz NOT NULL DEFAULT now(),
            started_at      timestamptz,
            finished_at     timestamptz
        );
        CREATE INDEX uploads_company_idx ON app.uploads (company_id, created_at DESC);
        CREATE INDEX uploads_sha_idx ON app.uploads (company_id, file_sha256);

        CREATE TABLE app.data_updates (
            id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            upload_id       bigint NOT NULL REFERENCES app.uploads (id) ON DELETE CASCADE,
            company_id      bigint NOT NULL REFERENCES app.companies (id) ON DELETE CASCADE,
            month           date NOT NULL,
            lines_before    integer NOT NULL,
            lines_after     integer NOT NULL,
            added           integer NOT NULL,
            updated         integer NOT NULL,
            unchanged       integer NOT NULL,
            removed         integer NOT NULL,
            created_at      timestamptz NOT NULL DEFAULT now(),
            UNIQUE (upload_id, month)
        );

        CREATE TABLE app.audit_log (
            id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at          timestamptz NOT NULL DEFAULT now(),
            user_id     bigint REFERENCES app.users (id) ON DELETE SET NULL,
            company_id  bigint REFERENCES app.companies (id) ON DELETE SET NULL,
            action      text NOT NULL,
            detail      jsonb NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_log_at_idx ON app.audit_log (at DESC);

        GRANT USAGE ON SCHEMA app TO ayni_app, ayni_worker;
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA app TO ayni_app, ayni_worker;
        REVOKE ALL ON app.alembic_version FROM ayni_app, ayni_worker;
        """
    )
    for table in APP_TENANT_TABLES:
        op.execute(
            f"""
            ALTER TABLE app.{table} ENABLE ROW LEVEL SECURITY;
            CREATE POLICY tenant_rows ON app.{table} FOR ALL TO ayni_app
                USING ({APP_POLICY}) WITH CHECK ({APP_POLICY});
            CREATE POLICY worker_rows ON app.{table} FOR ALL TO ayni_worker
                USING (true) WITH CHECK (true);
            """
        )

    # The audit log names every company: only the platform admin's pages read it back.
    op.execute(
        """
        ALTER TABLE app.audit_log ENABLE ROW LEVEL SECURITY;
        CREATE POLICY admin_reads ON app.audit_log FOR SELECT TO ayni_app
            USING (current_setting('ayni.platform_admin', true) = 'on');
        CREATE POLICY anyone_writes ON app.audit_log FOR INSERT TO ayni_app WITH CHECK (true);
        CREATE POLICY worker_rows ON app.audit_log FOR ALL TO ayni_worker
            USING (true) WITH CHECK (true);
        """
    )

    for schema in ("raw", "gabeda", "staging", "marts"):
        op.execute(f"CREATE SCHEMA IF NOT EXISTS {schema} AUTHORIZATION ayni_worker")
        op.execute(f"GRANT USAGE ON SCHEMA {schema} TO ayni_app")

    op.execute(
        f"""
        CREATE TABLE raw.transactions (
            company_id          bigint NOT NULL,
            upload_id           bigint,
            line_no             integer NOT NULL,
            in_dt               timestamp NOT NULL,
            in_trans_id         text COLLATE "C" NOT NULL,
            in_product_id       text COLLATE "C" NOT NULL,
            in_quantity         numeric NOT NULL,
            in_price_total      numeric NOT NULL,
            in_trans_type       text,
            in_customer_id      text,
            in_description      text,
            in_category         text,
            in_unit_type        text,
            in_stock            numeric,
            in_price_unit       numeric,
            in_cost_unit        numeric,
            in_cost_total       numeric,
            in_discount_total   numeric NOT NULL DEFAULT 0,
            in_commission_total numeric NOT NULL DEFAULT 0,
            in_margin           numeric,
            extra               jsonb,
            loaded_at           timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (company_id, in_trans_id, in_product_id, line_no)
        );
        COMMENT ON COLUMN raw.transactions.in_trans_id IS
            'byte-order collation: the key is compared, never sorted for people, and "C" '
            'makes the loads'' index work several times cheaper';
        COMMENT ON COLUMN raw.transactions.line_no IS
            'occurrence of this product within the document (1, 2, ...): with the document '
            'and product it identifies the line across re-uploads';
        COMMENT ON TABLE raw.transactions IS
            'canonical sales lines of every company. No foreign keys on purpose: checking '
            'them row by row took longer than the whole COPY of a load; the loader alone '
            'writes here and takes company_id and upload_id from rows it just read';
        -- Lines arrive in bulk per company and roughly by date, so a BRIN index finds a
        -- company''s months at a fraction of a btree''s cost on every load.
        CREATE INDEX transactions_company_dt_brin ON raw.transactions
            USING brin (company_id, in_dt);
        ALTER TABLE raw.transactions OWNER TO ayni_worker;
        ALTER TABLE raw.transactions ENABLE ROW LEVEL SECURITY;
        CREATE POLICY tenant_read ON raw.transactions FOR SELECT TO ayni_app
            USING ({TENANT_POLICY});
        GRANT SELECT ON raw.transactions TO ayni_app;
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS raw.transactions")
    for schema in ("marts", "staging", "gabeda", "raw"):
        op.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    op.execute(
        """
        DROP TABLE IF EXISTS app.audit_log, app.data_updates, app.uploads, app.column_mappings,
            app.user_companies, app.companies, app.users
        """
    )
