-- Nothing is lost or doubled between the lines and any aggregation: per company,
-- lines, units and net sales summed over every time mart (daily ... yearly) and every
-- dimension mart (product, customer, category) equal those of the staged lines
-- (returns negative, as staging signs them), and equal raw.transactions' line count.
-- Returns the (mart, company) pairs that disagree.

{%- set marts = ['daily_aggregations', 'weekly_aggregations', 'monthly_aggregations',
                 'quarterly_aggregations', 'yearly_aggregations', 'product_aggregations',
                 'customer_aggregations', 'category_aggregations'] %}

with

staged as (

    select
        company_id,
        count(*) as lines,
        sum(quantity) as units,
        sum(line_total) as net_sales

    from {{ ref('stg_raw__transactions') }}
    group by company_id

),

source_lines as (

    select company_id, count(*) as lines
    from {{ source('raw', 'transactions') }}
    group by company_id

),

mart_totals as (

    {% for mart in marts -%}
    select
        '{{ mart }}' as mart,
        company_id,
        sum(lines) as lines,
        sum(units) as units,
        sum(net_sales) as net_sales

    from {{ ref(mart) }}
    group by company_id
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}

),

expected as (

    select marts.mart, staged.*
    from staged
    cross join (values {% for mart in marts %}('{{ mart }}'){{ ',' if not loop.last }}{% endfor %}) as marts (mart)

)

select
    coalesce(expected.mart, mart_totals.mart) as mart,
    coalesce(expected.company_id, mart_totals.company_id) as company_id,
    source_lines.lines as source_lines,
    expected.lines as staged_lines,
    mart_totals.lines as mart_lines,
    expected.net_sales as staged_net_sales,
    mart_totals.net_sales as mart_net_sales

from expected
full outer join mart_totals
    on  mart_totals.mart = expected.mart
    and mart_totals.company_id = expected.company_id
left join source_lines
    on source_lines.company_id = coalesce(expected.company_id, mart_totals.company_id)
where expected.lines is distinct from mart_totals.lines
   or source_lines.lines is distinct from mart_totals.lines
   or expected.units is distinct from mart_totals.units
   or expected.net_sales is distinct from mart_totals.net_sales
