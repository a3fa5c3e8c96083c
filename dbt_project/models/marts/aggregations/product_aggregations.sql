{#-
    Monthly sales per company and product (SKU): one row per company, month and
    product with lines in the month. Changes compare with the same product's month
    before and the same month a year before.
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

month_lines as (

    select
        lines.*,
        cast(date_trunc('month', lines.sale_date) as date) as period_start,
        cast(date_trunc('month', first_purchases.first_purchase_date) as date) as first_purchase_period

    from lines
    left join first_purchases
        on  first_purchases.company_id = lines.company_id
        and first_purchases.customer_id = lines.customer_id

),

product_months as (

    select
        company_id,
        period_start,
        product_id,
        max(product_name) as product_name,
        max(category) as category,
        {{ sales_metrics() }}

    from month_lines
    group by company_id, period_start, product_id

),

metrics as (

    select
        *,
        {{ ratio_metrics() }}

    from product_months

),

final as (

    select
        metrics.*,
        {{ changes('metrics', 'month_before', 'prev') }},
        {{ changes('metrics', 'year_ago', 'yoy') }}

    from metrics
    left join metrics as month_before
        on  month_before.company_id = metrics.company_id
        and month_before.product_id = metrics.product_id
        and month_before.period_start = cast(metrics.period_start - interval '1 month' as date)
    left join metrics as year_ago
        on  year_ago.company_id = metrics.company_id
        and year_ago.product_id = metrics.product_id
        and year_ago.period_start = cast(metrics.period_start - interval '1 year' as date)

)

select * from final
