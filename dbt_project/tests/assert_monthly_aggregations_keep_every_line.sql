-- Nothing is lost or doubled between the raw lines and the monthly mart: per
-- company, lines, units and net sales of monthly_aggregations equal those of
-- raw.transactions (returns negative, as staging signs them), and every company
-- with lines has rows. Returns the companies that disagree.

with

raw_totals as (

    select
        company_id,
        count(*) as lines,
        sum(quantity) as units,
        sum(line_total) as net_sales

    from {{ ref('stg_raw__transactions') }}
    group by 1

),

source_lines as (

    select company_id, count(*) as lines
    from {{ source('raw', 'transactions') }}
    group by 1

),

mart_totals as (

    select
        company_id,
        sum(lines) as lines,
        sum(units) as units,
        sum(net_sales) as net_sales

    from {{ ref('monthly_aggregations') }}
    group by 1

)

select
    coalesce(raw_totals.company_id, mart_totals.company_id, source_lines.company_id) as company_id,
    source_lines.lines as source_lines,
    raw_totals.lines as staged_lines,
    mart_totals.lines as mart_lines,
    raw_totals.net_sales as staged_net_sales,
    mart_totals.net_sales as mart_net_sales

from raw_totals
full outer join mart_totals on mart_totals.company_id = raw_totals.company_id
full outer join source_lines on source_lines.company_id = coalesce(raw_totals.company_id, mart_totals.company_id)
where raw_totals.lines is distinct from mart_totals.lines
   or source_lines.lines is distinct from mart_totals.lines
   or raw_totals.units is distinct from mart_totals.units
   or raw_totals.net_sales is distinct from mart_totals.net_sales
