{#-
    One value per opted-in company, industry, period type, period and benchmarked
    metric (macros/metrics/benchmark_metrics.sql), read from the time
    aggregations. A null value (no previous period to compare with, no net sales
    for a margin) is left out: that company does not contribute to that cell.
    Opted-out companies (app.companies.benchmark_opt_in false) are not here at all.

    A table, not a view: a view over stg_app__companies would be dropped (CASCADE)
    each time a worker run recreates that view without rebuilding this model.
-#}
{{ config(materialized='table', tags=['benchmark']) }}

{%- set metrics = benchmark_metrics() %}

with

contributors as (

    select company_id, industry
    from {{ ref('stg_app__companies') }}
    where benchmark_opt_in
      and industry is not null

),

periods as (

    {% for period_type, model in benchmark_grains() -%}
    select '{{ period_type }}' as period_type, company_id, period_start, {{ metrics | join(', ') }}
    from {{ ref(model) }}
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}

),

metric_values as (

    select
        contributors.industry,
        periods.period_type,
        periods.period_start,
        periods.company_id,
        unpivoted.metric,
        unpivoted.value

    from periods
    inner join contributors
        on contributors.company_id = periods.company_id
    cross join lateral (
        values
        {%- for metric in metrics %}
            ('{{ metric }}', cast(periods.{{ metric }} as numeric)){{ ',' if not loop.last }}
        {%- endfor %}
    ) as unpivoted (metric, value)
    where unpivoted.value is not null

)

select * from metric_values
