{#
    Rebuild windows: which periods of which company an incremental mart rebuilds.

    int_rebuild_windows computes them once per run (a small table, one row per
    grain, company and run of consecutive periods). A mart reads its grain's rows
    while compiling and renders them as literal predicates, so PostgreSQL can use
    the indexes, and the incremental strategy (ayni_scoped) deletes the same
    windows before inserting the rebuilt rows.

    Returns none in full mode (no scope), else a list of
    {company_id, start, end} with dates as ISO strings, `end` exclusive;
    start/end none = every period of the company.
#}
{% macro ayni_windows(grain) -%}
    {%- set windows_model = ref('int_rebuild_windows') -%}
    {%- if not execute or ayni_scope() is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set query -%}
        select company_id, window_start, window_end
        from {{ windows_model }}
        where grain = '{{ grain }}'
        order by company_id, window_start nulls first
    {%- endset -%}
    {%- set windows = [] -%}
    {%- for row in run_query(query).rows -%}
        {%- do windows.append({
            'company_id': row['company_id'] | int,
            'start': row['window_start'] | string if row['window_start'] is not none else none,
            'end': row['window_end'] | string if row['window_end'] is not none else none,
        }) -%}
    {%- endfor -%}
    {{ return(windows) }}
{%- endmacro %}


{#
    SQL predicate: the row lies in one of the windows. `date_column` may be a date
    or a timestamp (literals are dates, so an index on the column is usable).
    windows none (full mode): true; an empty list: false.
#}
{% macro ayni_window_filter(windows, company_column='company_id', date_column='period_start') -%}
    {%- if windows is none -%}
        true
    {%- elif windows | length == 0 -%}
        false
    {%- else -%}
        ({%- for w in windows %}
            {{ 'or ' if not loop.first }}({{ company_column }} = {{ w.company_id }}
            {%- if w.start is not none %} and {{ date_column }} >= date '{{ w.start }}' and {{ date_column }} < date '{{ w.end }}'{% endif %})
        {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}


{#  The companies of the windows as a SQL list for `in (...)`; `null` when there are none. #}
{% macro ayni_window_company_list(windows) -%}
    {%- set ids = windows | map(attribute='company_id') | unique | list -%}
    {{- ids | join(', ') if ids else 'null' -}}
{%- endmacro %}
