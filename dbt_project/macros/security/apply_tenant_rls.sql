{#
    Row-level security for a tenant mart (ARCHITECTURE.md, Database).

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
#}
{% macro apply_tenant_rls(tenant_column='company_id', app_role='ayni_app') -%}
    {%- if not (config.get('meta') or {}).get('tenant', true) -%}
    {{ grant_app_read(app_role) }}
    {%- else -%}
    alter table {{ this }} enable row level security;
    drop policy if exists tenant_read on {{ this }};
    create policy tenant_read on {{ this }}
        for select
        to {{ app_role }}
        using ({{ tenant_column }} = nullif(current_setting('ayni.company_id', true), '')::bigint);
    {{ grant_app_read(app_role) }}
    {%- endif -%}
{%- endmacro %}


{#  Plain read access for the app role, for marts without tenant rows. #}
{% macro grant_app_read(app_role='ayni_app') -%}
    grant select on {{ this }} to {{ app_role }};
{%- endmacro %}
