-- The additive metrics of daily_aggregations, summed per company and month,
-- equal monthly_aggregations (both marts come from one macro; this catches a
-- grain-specific slip). Returns the months that disagree.

with

daily_by_month as (

    select
        company_id,
        cast(date_trunc('month', period_start) as date) as period_start,
        sum(net_sales) as net_sales,
        sum(gross_sales) as gross_sales,
        sum(discounts) as discounts,
        sum(returns) as returns,
        sum(cost) as cost,
        sum(lines) as lines,
        sum(units) as units,
        sum(new_customers) as new_customers

    from {{ ref('daily_aggregations') }}
    group by 1, 2

),

monthly as (

    select * from {{ ref('monthly_aggregations') }}

)

select
    coalesce(daily_by_month.company_id, monthly.company_id) as company_id,
    coalesce(daily_by_month.period_start, monthly.period_start) as period_start,
    daily_by_month.net_sales as daily_net_sales,
    monthly.net_sales as monthly_net_sales

from daily_by_month
full outer join monthly
    on  monthly.company_id = daily_by_month.company_id
    and monthly.period_start = daily_by_month.period_start
where monthly.company_id is null
   or daily_by_month.company_id is null
   or daily_by_month.net_sales is distinct from monthly.net_sales
   or daily_by_month.gross_sales is distinct from monthly.gross_sales
   or daily_by_month.discounts is distinct from monthly.discounts
   or daily_by_month.returns is distinct from monthly.returns
   or daily_by_month.cost is distinct from monthly.cost
   or daily_by_month.lines is distinct from monthly.lines
   or daily_by_month.units is distinct from monthly.units
   or daily_by_month.new_customers is distinct from monthly.new_customers
