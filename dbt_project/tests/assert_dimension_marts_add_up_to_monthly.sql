-- Product, customer and category months add up to monthly_aggregations: lines
-- without a customer or a category are in the marts under '(sin cliente)' /
-- '(sin categoría)', so nothing is left out. For customers, whose rows split the
-- month's customers, unique and new customers add up too. Returns the (mart, company,
-- month) rows that disagree.

{%- set marts = ['product_aggregations', 'customer_aggregations', 'category_aggregations'] %}
{%- set additive = ['net_sales', 'gross_sales', 'discounts', 'returns', 'cost', 'gross_margin',
                    'sales_ex_vat', 'vat', 'lines', 'units'] %}

with

monthly as (

    select * from {{ ref('monthly_aggregations') }}

),

dimension_months as (

    {% for mart in marts -%}
    select
        '{{ mart }}' as mart,
        company_id,
        period_start,
        {%- for metric in additive %}
        sum({{ metric }}) as {{ metric }},
        {%- endfor %}
        sum(unique_customers) as unique_customers,
        sum(new_customers) as new_customers

    from {{ ref(mart) }}
    group by company_id, period_start
    {% if not loop.last %}
    union all

    {% endif -%}
    {%- endfor %}

),

expected as (

    select marts.mart, monthly.*
    from monthly
    cross join (values {% for mart in marts %}('{{ mart }}'){{ ',' if not loop.last }}{% endfor %}) as marts (mart)

)

select
    coalesce(expected.mart, dimension_months.mart) as mart,
    coalesce(expected.company_id, dimension_months.company_id) as company_id,
    coalesce(expected.period_start, dimension_months.period_start) as period_start,
    expected.net_sales as monthly_net_sales,
    dimension_months.net_sales as dimension_net_sales

from expected
full outer join dimension_months
    on  dimension_months.mart = expected.mart
    and dimension_months.company_id = expected.company_id
    and dimension_months.period_start = expected.period_start
where expected.company_id is null
   or dimension_months.company_id is null
   {%- for metric in additive %}
   or expected.{{ metric }} is distinct from dimension_months.{{ metric }}
   {%- endfor %}
   or (coalesce(expected.mart, dimension_months.mart) = 'customer_aggregations'
       and (expected.unique_customers is distinct from dimension_months.unique_customers
            or expected.new_customers is distinct from dimension_months.new_customers))
