{#-
    Weekly sales per company: one row per company and ISO week (Monday to Sunday)
    with lines. Changes compare with the week before and with the same ISO week a
    year before (52 weeks earlier).
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

week_lines as (

    select
        lines.*,
        cast(date_trunc('week', lines.sale_date) as date) as period_start,
        cast(date_trunc('week', first_purchases.first_purchase_date) as date) as first_purchase_period

    from lines
    left join first_purchases
        on  first_purchases.company_id = lines.company_id
        and first_purchases.customer_id = lines.customer_id

),

weeks as (

    select
        company_id,
        period_start,
        {{ sales_metrics() }}

    from week_lines
    group by company_id, period_start

),

metrics as (

    select
        *,
        {{ ratio_metrics() }}

    from weeks

),

final as (

    select
        metrics.*,
        {{ changes('metrics', 'week_before', 'prev') }},
        {{ changes('metrics', 'year_ago', 'yoy') }}

    from metrics
    left join metrics as week_before
        on  week_before.company_id = metrics.company_id
        and week_before.period_start = cast(metrics.period_start - interval '1 week' as date)
    left join metrics as year_ago
        on  year_ago.company_id = metrics.company_id
        and year_ago.period_start = cast(metrics.period_start - interval '52 weeks' as date)

)

select * from final
