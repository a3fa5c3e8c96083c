{#
    Incremental strategy `ayni_scoped`: delete+insert where the delete covers
    everything the run rebuilds, not only the keys of the new rows. A period whose
    lines were all removed (a replace) has no new row, and its old row must go too.

    Configure a model with
        incremental_strategy: ayni_scoped
        unique_key: [company_id, period_start, ...]      # documentation and docs
        meta:
          ayni_rebuild:
            windows: month            # rows of the rebuild windows of this grain
            column: period_start      #   ... matched on this date column
            changed_customers: int_customer_first_purchase_changes
                                      #   ... and every row of the customers listed there
          # or
            keys_from: int_customer_first_purchase_changes
                                      # rows whose unique_key is listed in that model
          # or
            scope_days: sale_date     # rows of the scope's changed days (no expansion)

    In full mode (no scope) the delete removes every row and the insert puts the
    whole rebuilt table back, in one transaction.
#}
{% macro get_incremental_ayni_scoped_sql(arg_dict) -%}
    {%- set target = arg_dict['target_relation'] -%}
    {%- set source = arg_dict['temp_relation'] -%}
    {%- set columns = get_quoted_csv(arg_dict['dest_columns'] | map(attribute='name')) -%}
    delete from {{ target }} as target_rows
    where {{ ayni_rebuild_predicate(arg_dict['unique_key'], 'target_rows') }};

    insert into {{ target }} ({{ columns }})
    select {{ columns }}
    from {{ source }};

    {{ ayni_analyze_after_large_change(target, source) }}
{%- endmacro %}


{#
    ANALYZE the table when this run inserted more than a tenth of it. The models
    downstream are planned right after, long before autovacuum would analyze: with
    statistics from before a company's first large upload (say 400,000 lines into a
    warehouse of small companies), PostgreSQL estimated one row for that company
    and chose nested loops that ran for minutes. A small batch (the usual upload)
    costs only the two counts.
#}
{% macro ayni_analyze_after_large_change(target, batch) -%}
    do $$
    begin
        if (select count(*) from {{ batch }}) > 0.1 * greatest(
               (select reltuples from pg_class
                where oid = '"{{ target.schema }}"."{{ target.identifier }}"'::regclass), 1000) then
            analyze {{ target }};
        end if;
    end
    $$;
{%- endmacro %}


{#
    The rows of the model that this run rebuilds, as a SQL predicate on `alias` (the
    table being deleted from; see above). The windows are matched with a join on
    int_rebuild_windows rather than re-read as literals: no query while rendering.
#}
{% macro ayni_rebuild_predicate(unique_key=none, alias='target_rows') -%}
    {%- set scope = ayni_scope() -%}
    {%- set rebuild = (config.get('meta') or {}).get('ayni_rebuild') -%}
    {%- if rebuild is none -%}
        {{ exceptions.raise_compiler_error(model.name ~ ": incremental_strategy ayni_scoped needs meta.ayni_rebuild") }}
    {%- endif -%}
    {%- if scope is none -%}
        true
    {%- elif rebuild.get('windows') -%}
        {%- set column = alias ~ '.' ~ rebuild.get('column', 'period_start') -%}
        (exists (
            select 1
            from {{ ref('int_rebuild_windows') }} as windows
            where windows.grain = '{{ rebuild['windows'] }}'
              and windows.company_id = {{ alias }}.company_id
              and (windows.window_start is null
                   or ({{ column }} >= windows.window_start and {{ column }} < windows.window_end))
        )
        {%- if rebuild.get('changed_customers') %}
        or exists (
            select 1
            from {{ ref(rebuild['changed_customers']) }} as changed
            where changed.company_id = {{ alias }}.company_id
              and changed.customer_id = {{ alias }}.customer_id collate "C"
        )
        {%- endif %})
    {%- elif rebuild.get('scope_days') -%}
        {{ ayni_scope_filter(scope, alias ~ '.company_id', alias ~ '.' ~ rebuild['scope_days']) }}
    {%- elif rebuild.get('keys_from') -%}
        {%- set keys = unique_key if unique_key is not string else [unique_key] -%}
        ({% for key in keys %}{{ alias }}.{{ key }}{{ ', ' if not loop.last }}{% endfor %})
            in (select {{ keys | join(', ') }} from {{ ref(rebuild['keys_from']) }})
    {%- else -%}
        {{ exceptions.raise_compiler_error(model.name ~ ": meta.ayni_rebuild needs windows, scope_days or keys_from") }}
    {%- endif -%}
{%- endmacro %}
