{#
    Row-level security for a tenant mart (ARCHITECTURE.md, Database).

    dbt rebuilds tables, which drops their policies and grants, so this runs as a
    post-hook on every model of models/marts (dbt_project.yml). ayni_app may then
    read only the rows of the company set for its transaction with
    `SET LOCAL ayni.company_id = '<id>'` (or set_config(..., true)); without it
    the setting is empty and no row matches. ayni_worker owns the table and is not
    subject to the policy.

    The model must have a `company_id bigint` column. A table without one (the
    published benchmarks) overrides the post-hook with `grant_app_read()`.
#}
{% macro apply_tenant_rls(tenant_column='company_id', app_role='ayni_app') -%}
    alter table {{ this }} enable row level security;
    drop policy if exists tenant_read on {{ this }};
    create policy tenant_read on {{ this }}
        for select
        to {{ app_role }}
        using ({{ tenant_column }} = nullif(current_setting('ayni.company_id', true), '')::bigint);
    {{ grant_app_read(app_role) }}
{%- endmacro %}


{#  Plain read access for the app role, for marts without tenant rows. #}
{% macro grant_app_read(app_role='ayni_app') -%}
    grant select on {{ this }} to {{ app_role }};
{%- endmacro %}
