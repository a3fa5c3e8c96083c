{#
    Post-hook of the staging and intermediate layers.

    Their views read raw.transactions as their owner (ayni_worker), which row-level
    security does not restrict, so a grant on them would leak every company's lines.
    ayni_app gets none (revoked here in case one was given by hand), and on
    PostgreSQL 15+ the view is made `security_invoker`, so that even a mistaken
    grant would be filtered by the policies of the tables underneath.
#}
{% macro secure_staging_view(app_role='ayni_app') -%}
    revoke all on {{ this }} from public, {{ app_role }};
    {%- if config.get('materialized') == 'view' %}
    do $$
    begin
        if current_setting('server_version_num')::int >= 150000 then
            execute 'alter view {{ this }} set (security_invoker = true)';
        end if;
    end
    $$;
    {%- endif %}
{%- endmacro %}
