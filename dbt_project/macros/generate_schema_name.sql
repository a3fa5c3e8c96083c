{#
    Use a model's custom schema exactly as written (`staging`, `marts`) instead of
    dbt's default `<target schema>_<custom schema>`. The schemas are created by the
    app's migrations and owned by ayni_worker; a model without a custom schema goes
    to the target schema of the profile.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
