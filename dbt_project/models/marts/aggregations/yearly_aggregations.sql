{#-
    Yearly sales per company: one row per company and calendar year with lines.
    Both changes compare with the year before.
    Columns, tests and docs: _aggregations.yml. The metrics: macros/metrics/metrics.sql.
    An upload's run rebuilds the companies it changed (is_incremental(); README.md,
    "Incremental builds").
-#}

with

lines as (

    select * from {{ ref('int_sales_lines') }}
    {%- if is_incremental() %}
    where {{ scoped_companies() }}
    {%- endif %}

),

first_purchases as (

    select * from {{ ref('int_customer_first_purchase') }}
    {%- if is_incremental() %}
    where {{ scoped_companies() }}
    {%- endif %}

),

year_lines as (

    select
        lines.*,
        cast(date_trunc('year', lines.sale_date) as date) as period_start,
        cast(date_trunc('year', first_purchases.first_purchase_date) as date) as first_purchase_period

    from lines
    left join first_purchases
        on  first_purchases.company_id = lines.company_id
        and first_purchases.customer_id = lines.customer_id

),

years as (

    select
        company_id,
        period_start,
        {{ sales_metrics() }}

    from year_lines
    group by company_id, period_start

),

metrics as (

    select
        *,
        {{ ratio_metrics() }}

    from years

),

final as (

    select
        metrics.*,
        {{ changes('metrics', 'year_before', 'prev') }},
        {{ changes('metrics', 'year_ago', 'yoy') }}

    from metrics
    left join metrics as year_before
        on  year_before.company_id = metrics.company_id
        and year_before.period_start = cast(metrics.period_start - interval '1 year' as date)
    left join metrics as year_ago
        on  year_ago.company_id = metrics.company_id
        and year_ago.period_start = cast(metrics.period_start - interval '1 year' as date)

)

select * from final
