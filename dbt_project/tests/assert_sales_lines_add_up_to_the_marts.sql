-- What users download is what the dashboards add up: per company, the processed lines
-- of sales_lines (count, quantity, line_total, sales_ex_vat, vat, cost_ex_vat) equal
-- lines, units, net_sales, sales_ex_vat, vat and cost of monthly_aggregations (which
-- assert_every_mart_keeps_every_line ties to every other mart), and none of them lacks
-- its keys or its date. One pass over the view.
-- Returns the companies that disagree.

with

downloaded as (

    select
        company_id,
        count(*) as lines,
        sum(quantity) as units,
        sum(line_total) as net_sales,
        sum(sales_ex_vat) as sales_ex_vat,
        sum(vat) as vat,
        coalesce(sum(cost_ex_vat), 0) as cost,
        count(*) filter (
            where document_id is null or product_id is null or line_no is null
               or sold_at is null or sale_date is null or quantity is null
               or line_total is null or is_return is null
        ) as incomplete_lines

    from {{ ref('sales_lines') }}
    group by company_id

),

aggregated as (

    select
        company_id,
        sum(lines) as lines,
        sum(units) as units,
        sum(net_sales) as net_sales,
        sum(sales_ex_vat) as sales_ex_vat,
        sum(vat) as vat,
        sum(cost) as cost

    from {{ ref('monthly_aggregations') }}
    group by company_id

)

select
    coalesce(downloaded.company_id, aggregated.company_id) as company_id,
    downloaded.lines as downloaded_lines,
    aggregated.lines as aggregated_lines,
    downloaded.net_sales as downloaded_net_sales,
    aggregated.net_sales as aggregated_net_sales,
    downloaded.incomplete_lines

from downloaded
full outer join aggregated
    on aggregated.company_id = downloaded.company_id
where downloaded.lines is distinct from aggregated.lines
   or downloaded.units is distinct from aggregated.units
   or downloaded.net_sales is distinct from aggregated.net_sales
   or downloaded.sales_ex_vat is distinct from aggregated.sales_ex_vat
   or downloaded.vat is distinct from aggregated.vat
   or downloaded.cost is distinct from aggregated.cost
   or downloaded.incomplete_lines <> 0
