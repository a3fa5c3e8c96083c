-- benchmarks holds exactly the cells (industry, period type, period, metric) to which
-- at least var('benchmark_min_companies') opted-in companies contribute a value, each
-- with that number of companies; company_benchmark_position has a row for exactly
-- each contributor of a published cell, and none for an opted-out company.
-- Returns what disagrees.

with

contributions as (

    select industry, period_type, period_start, metric, count(*) as n_companies
    from {{ ref('int_benchmark_values') }}
    group by 1, 2, 3, 4

),

publishable as (

    select * from contributions
    where n_companies >= {{ var('benchmark_min_companies', 10) }}

),

cell_differences as (

    select
        'cell' as problem,
        coalesce(publishable.industry, published.industry) as industry,
        coalesce(publishable.period_type, published.period_type) as period_type,
        coalesce(publishable.period_start, published.period_start) as period_start,
        coalesce(publishable.metric, published.metric) as metric,
        cast(null as bigint) as company_id

    from publishable
    full outer join {{ ref('benchmarks') }} as published
        on  published.industry = publishable.industry
        and published.period_type = publishable.period_type
        and published.period_start = publishable.period_start
        and published.metric = publishable.metric
    where publishable.industry is null
       or published.industry is null
       or published.n_companies <> publishable.n_companies
       or published.n_companies < {{ var('benchmark_min_companies', 10) }}

),

expected_positions as (

    select values.company_id, values.industry, values.period_type, values.period_start, values.metric
    from {{ ref('int_benchmark_values') }} as values
    inner join publishable
        on  publishable.industry = values.industry
        and publishable.period_type = values.period_type
        and publishable.period_start = values.period_start
        and publishable.metric = values.metric

),

stored_positions as (

    select company_id, industry, period_type, period_start, metric
    from {{ ref('company_benchmark_position') }}

),

position_differences as (

    select 'position' as problem, industry, period_type, period_start, metric, company_id
    from (
        (select * from expected_positions except select * from stored_positions)
        union all
        (select * from stored_positions except select * from expected_positions)
    ) as differences

),

opted_out_positions as (

    select 'opted-out company has positions' as problem, positions.industry, positions.period_type,
           positions.period_start, positions.metric, positions.company_id
    from {{ ref('company_benchmark_position') }} as positions
    inner join {{ ref('stg_app__companies') }} as companies
        on companies.company_id = positions.company_id
    where not companies.benchmark_opt_in

)

select * from cell_differences
union all
select * from position_differences
union all
select * from opted_out_positions
