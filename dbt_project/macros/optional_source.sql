{#
    Select named, typed columns from a source table that may not exist yet, or may
    not have every column yet.

    GabeDA's feature tables (gabeda.customer_features, gabeda.product_features) are
    created by the worker the first time it writes features, and the engine adds
    columns as features are added. A model reading them must build on a fresh
    database too: each wanted column that is missing (or the whole table) becomes a
    typed null, and without the table the query returns no rows.

        {{ optional_source_select(source('gabeda', 'customer_features'),
                                  [('company_id', 'bigint'), ('status', 'text', 'customer_status'), ...]) }}

    Each column is (name in the table, SQL type[, name in the result]).

    The existence check runs at execution (while parsing, the full column list is
    assumed), so the model follows the table as it is when the model runs.
#}
{% macro optional_source_select(relation, columns) -%}
    {%- set present = none -%}
    {%- set found = none -%}
    {%- if execute -%}
        {%- set found = adapter.get_relation(database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
        {%- if found is not none -%}
            {%- set present = adapter.get_columns_in_relation(found) | map(attribute='name') | map('lower') | list -%}
        {%- endif -%}
    {%- endif %}
    select
    {%- for column in columns %}
        {%- set name, data_type, alias = column[0], column[1], (column[2] if column | length > 2 else column[0]) %}
        {% if found is not none and name in present -%}
        cast({{ adapter.quote(name) }} as {{ data_type }}) as {{ alias }}
        {%- else -%}
        cast(null as {{ data_type }}) as {{ alias }}
        {%- endif %}{{ ',' if not loop.last }}
    {%- endfor %}
    {%- if found is not none %}
    from {{ relation }}
    {%- else %}
    where false
    {%- endif %}
{%- endmacro %}
