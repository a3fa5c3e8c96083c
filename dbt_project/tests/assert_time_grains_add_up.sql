-- The additive metrics of daily_aggregations (the amounts without IVA included: they
-- are summed per line, never rounded per period), summed per week, month, quarter and
-- year, equal weekly_, monthly_, quarterly_ and yearly_aggregations, and each has
-- exactly the company-periods the days fall in (all grains come from one macro; this
-- catches a grain-specific slip and an incremental run that missed a period).
-- Returns the (grain, company, period) rows that disagree.

{%- set grains = [('week', 'weekly_aggregations'), ('month', 'monthly_aggregations'),
                  ('quarter', 'quarterly_aggregations'), ('year', 'yearly_aggregations')] %}
{%- set additive = ['net_sales', 'gross_sales', 'discounts', 'returns', 'cost', 'gross_margin',
                    'sales_ex_vat', 'vat', 'lines', 'units', 'new_customers'] %}

with

{% for grain, mart in grains %}

days_by_{{ grain }} as (

    select
        company_id,
        cast(date_trunc('{{ grain }}', period_start) as date) as period_start,
        {%- for metric in additive %}
        sum({{ metric }}) as {{ metric }}{{ ',' if not loop.last }}
        {%- endfor %}

    from {{ ref('daily_aggregations') }}
    group by 1, 2

),

mismatches_{{ grain }} as (

    select
        '{{ grain }}' as grain,
        coalesce(days.company_id, mart.company_id) as company_id,
        coalesce(days.period_start, mart.period_start) as period_start,
        days.net_sales as daily_net_sales,
        mart.net_sales as mart_net_sales

    from days_by_{{ grain }} as days
    full outer join {{ ref(mart) }} as mart
        on  mart.company_id = days.company_id
        and mart.period_start = days.period_start
    where mart.company_id is null
       or days.company_id is null
       {%- for metric in additive %}
       or days.{{ metric }} is distinct from mart.{{ metric }}
       {%- endfor %}

),

{% endfor %}

mismatches as (

    {% for grain, mart in grains -%}
    select * from mismatches_{{ grain }}
    {% if not loop.last %}union all
    {% endif -%}
    {%- endfor %}

)

select * from mismatches
