{#
    Row-level security for a tenant mart (docs/ARCHITECTURE.md, Database).

    dbt rebuilds tables, which drops their policies and grants, so this runs as a
    post-hook on every model of models/marts (dbt_project.yml). ayni_app may then
    read only the rows of the company set for its transaction with
    `SET LOCAL ayni.company_id = '<id>'` (or set_config(..., true)); without it
    the setting is empty and no row matches. ayni_worker owns the table and is not
    subject to the policy.

    The model must have a `company_id bigint` column. A table without tenant rows
    (the published benchmarks) says so with `meta: {tenant: false}`: it only gets
    the grant (`grant_app_read()`), no row-level security. (Hooks add up across
    dbt_project.yml and the model, so a model cannot drop the folder's hook; the
    meta flag is how it opts out.)

    A mart that is a view (sales_lines) holds no rows of its own: a policy cannot be put
    on it, and a plain view reads its tables with its owner's rights, which row-level
    security does not restrict. It is made `security_invoker` instead
    (`secure_tenant_view()`), so that ayni_app reading it is subject to the policies
    and grants of the tables underneath: such a view may read only tables that have a
    tenant policy for ayni_app (raw.transactions, the marts).
#}
{% macro apply_tenant_rls(tenant_column='company_id', app_role='ayni_app') -%}
    {%- if not (config.get('meta') or {}).get('tenant', true) -%}
    {{ grant_app_read(app_role) }}
    {%- elif config.get('materialized') == 'view' -%}
    {{ secure_tenant_view(app_role) }}
    {%- else -%}
    alter table {{ this }} enable row level security;
    drop policy if exists tenant_read on {{ this }};
    create policy tenant_read on {{ this }}
        for select
        to {{ app_role }}
        using ({{ tenant_column }} = app.current_company_id());  -- the one tenant rule (migration 0004)
    {{ grant_app_read(app_role) }}
    {%- endif -%}
{%- endmacro %}


{#  Plain read access for the app role, for marts without tenant rows. #}
{% macro grant_app_read(app_role='ayni_app') -%}
    grant select on {{ this }} to {{ app_role }};
{%- endmacro %}


{#
    A tenant view for the app: security_invoker, then the grant (in this order, in the
    model's transaction, so the app never sees it without the tables' policies). Before
    PostgreSQL 15 there is no security_invoker and the view would show every company's
    rows: the run fails instead, and the view is rolled back with it.
#}
{% macro secure_tenant_view(app_role='ayni_app') -%}
    do $$
    begin
        if current_setting('server_version_num')::int < 150000 then
            raise exception '{{ this }} needs PostgreSQL 15 or newer: without security_invoker the view would bypass the row-level security of the tables it reads';
        end if;
    end
    $$;
    alter view {{ this }} set (security_invoker = true);
    revoke all on {{ this }} from public;
    {{ grant_app_read(app_role) }}
{%- endmacro %}
