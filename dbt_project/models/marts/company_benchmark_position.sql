{#-
    Each opted-in company's position in the published benchmark cells of its
    industry: its value, its percentile rank among the contributing companies and
    the cell's distribution, one row per company, period type, period and metric.
    Opted-out companies and unpublished cells (fewer than 10 companies) have no
    rows. Row-level security: the app reads only its company's rows.
-#}
{{ config(tags=['benchmark']) }}

with

metric_values as (

    select * from {{ ref('int_benchmark_values') }}

),

ranked as (

    select
        *,
        percent_rank() over (
            partition by industry, period_type, period_start, metric
            order by value
        ) as fraction_below

    from metric_values

),

published as (

    select * from {{ ref('benchmarks') }}

),

positions as (

    select
        cast(ranked.company_id as bigint) as company_id,
        cast(ranked.industry as text) as industry,
        cast(ranked.period_type as text) as period_type,
        cast(ranked.period_start as date) as period_start,
        cast(ranked.metric as text) as metric,
        cast(ranked.value as numeric) as value,
        cast(round(cast(100 * ranked.fraction_below as numeric), 2) as numeric) as percentile_rank,
        published.n_companies,
        published.p25,
        published.p50,
        published.p75,
        published.p90,
        published.trimmed_mean

    from ranked
    inner join published
        on  published.industry = ranked.industry
        and published.period_type = ranked.period_type
        and published.period_start = ranked.period_start
        and published.metric = ranked.metric

)

select * from positions
