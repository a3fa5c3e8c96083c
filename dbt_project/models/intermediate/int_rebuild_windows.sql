{#-
    What an incremental run rebuilds, per time grain and company: runs of
    consecutive periods [window_start, window_end). Rebuilt on every run; empty in
    full mode. The incremental marts read their grain's rows (macro ayni_windows)
    both to select the lines they aggregate and to delete the rows they replace.

    For each changed day range of a company (the scope), a grain's windows hold:
    - the periods overlapping the range: their lines changed;
    - the period after each of them: its *_prev_pct compares with a changed period;
    - the periods a year later (52 weeks for ISO weeks): their *_yoy_pct compares
      with a changed period (for days, 28 February also reaches 29 February);
    - the periods holding a first purchase that moved (before or after;
      int_customer_first_purchase_changes): their new/returning customers changed.
    A company given without dates has one window with null bounds: all of it.
-#}
{{ config(materialized='table') }}

{%- set changes = ref('int_customer_first_purchase_changes') -%}
{%- set scope = ayni_scope() -%}
{%- set grains = ['day', 'week', 'month', 'quarter', 'year'] %}

{% if scope is none or scope | length == 0 -%}

select
    cast(null as text) as grain,
    cast(null as bigint) as company_id,
    cast(null as date) as window_start,
    cast(null as date) as window_end
where false

{%- else -%}

with

scope (company_id, date_from, date_to) as (

    values
    {%- for entry in scope %}
        (cast({{ entry.company_id }} as bigint),
         {{ "date '" ~ entry.date_from ~ "'" if entry.date_from is not none else 'cast(null as date)' }},
         {{ "date '" ~ entry.date_to ~ "'" if entry.date_to is not none else 'cast(null as date)' }}){{ ',' if not loop.last }}
    {%- endfor %}

),

whole_companies as (

    select distinct company_id
    from scope
    where date_from is null

),

ranges as (

    select *
    from scope
    where company_id not in (select company_id from whole_companies)

),

first_purchase_days as (

    select changes.company_id, moved.day
    from {{ changes }} as changes
    cross join lateral (
        values (changes.previous_first_purchase_date), (changes.first_purchase_date)
    ) as moved (day)
    where moved.day is not null
      and changes.company_id in (select company_id from ranges)

),

{% for grain in grains %}

touched_{{ grain }} as (

    select ranges.company_id, cast(p as date) as period_start
    from ranges
    cross join lateral generate_series(
        date_trunc('{{ grain }}', cast(ranges.date_from as timestamp)),
        date_trunc('{{ grain }}', cast(ranges.date_to as timestamp)),
        {{ period_interval(grain) }}
    ) as p

),

periods_{{ grain }} as (

    select company_id, period_start
    from touched_{{ grain }}

    union

    select company_id, cast(period_start + {{ period_interval(grain) }} as date)
    from touched_{{ grain }}

    union

    select touched.company_id, cast(p as date)
    from touched_{{ grain }} as touched
    cross join lateral generate_series(
        date_trunc('{{ grain }}', touched.period_start + {{ year_ago_interval(grain) }}),
        date_trunc('{{ grain }}', touched.period_start + {{ period_interval(grain) }} + {{ year_ago_interval(grain) }} - interval '1 day'),
        {{ period_interval(grain) }}
    ) as p

    union

    select company_id, {{ period_start(grain, 'day') }}
    from first_purchase_days

),

islands_{{ grain }} as (

    select
        company_id,
        period_start,
        period_start - cast(row_number() over (partition by company_id order by period_start) as integer)
            * {{ period_interval(grain) }} as island

    from periods_{{ grain }}

),

windows_{{ grain }} as (

    select
        '{{ grain }}' as grain,
        company_id,
        min(period_start) as window_start,
        cast(max(period_start) + {{ period_interval(grain) }} as date) as window_end

    from islands_{{ grain }}
    group by company_id, island

),

{% endfor %}

whole_company_windows as (

    select grains.grain, whole_companies.company_id, cast(null as date) as window_start, cast(null as date) as window_end
    from whole_companies
    cross join (values {% for grain in grains %}('{{ grain }}'){{ ',' if not loop.last }}{% endfor %}) as grains (grain)

),

windows as (

    {% for grain in grains -%}
    select grain, company_id, window_start, window_end from windows_{{ grain }}
    union all
    {% endfor -%}
    select grain, company_id, window_start, window_end from whole_company_windows

)

select * from windows

{%- endif %}
