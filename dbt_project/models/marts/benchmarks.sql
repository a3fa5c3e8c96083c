{#-
    Published benchmark cells: per industry, period type, period and metric, the
    distribution of the opted-in companies' values, only where at least
    var('benchmark_min_companies') (10) companies contribute. Cells with fewer
    companies are not in the table at all, so no business can be recognised.
    No company_id: readable by every app session (grant, no row-level security).
-#}
{{ config(tags=['benchmark']) }}

with

metric_values as (

    select * from {{ ref('int_benchmark_values') }}

),

ranked as (

    select
        *,
        row_number() over cell as value_rank,
        count(*) over cell as cell_values

    from metric_values
    window cell as (partition by industry, period_type, period_start, metric order by value
                    rows between unbounded preceding and unbounded following)

),

cells as (

    select
        industry,
        period_type,
        period_start,
        metric,
        count(*) as n_companies,
        percentile_cont(0.25) within group (order by value) as p25,
        percentile_cont(0.50) within group (order by value) as p50,
        percentile_cont(0.75) within group (order by value) as p75,
        percentile_cont(0.90) within group (order by value) as p90,
        -- 5 % trimmed mean: floor(5 % of n) values dropped at each end
        avg(value) filter (
            where value_rank > floor(0.05 * cell_values)
              and value_rank <= cell_values - floor(0.05 * cell_values)
        ) as trimmed_mean

    from ranked
    group by industry, period_type, period_start, metric

),

published as (

    select
        cast(industry as text) as industry,
        cast(period_type as text) as period_type,
        cast(period_start as date) as period_start,
        cast(metric as text) as metric,
        cast(n_companies as integer) as n_companies,
        cast(round(cast(p25 as numeric), 2) as numeric) as p25,
        cast(round(cast(p50 as numeric), 2) as numeric) as p50,
        cast(round(cast(p75 as numeric), 2) as numeric) as p75,
        cast(round(cast(p90 as numeric), 2) as numeric) as p90,
        cast(round(trimmed_mean, 2) as numeric) as trimmed_mean

    from cells
    where n_companies >= {{ var('benchmark_min_companies', 10) }}

)

select * from published
