{#
    The metrics of the aggregation marts (models/marts/aggregations), written once so
    that a name means the same in the daily, weekly, monthly, quarterly and yearly
    marts and in the product, customer and category months. Every aggregation mart
    is plain SQL that groups its lines and calls the three macros below:

        totals as (
            select company_id, period_start, {{ sales_metrics() }}
            from period_lines
            group by company_id, period_start
        ),

        metrics as (
            select *, {{ ratio_metrics() }}
            from totals
        ),

        final as (
            select
                metrics.*,
                {{ changes('metrics', 'period_before', 'prev') }},
                {{ changes('metrics', 'year_ago', 'yoy') }}
            from metrics
            left join metrics as period_before on ...
            left join metrics as year_ago on ...
        )

    Each metric is a column of the eight marts, typed, described and tested once in
    models/marts/aggregations/_aggregations.yml. Adding one is a line here and its
    column there (README.md, "Adding a metric").
#}


{#
    Sums and counts over the lines of a group. The lines are int_sales_lines' (amounts
    signed: a return line counts negative) plus `period_start`, the first day of the
    group's period, and `first_purchase_period`, the first day of the period (same
    grain) holding the line's customer's first purchase ever.

    Margin is measured without IVA (docs/PRODUCT.md, "IVA"): `cost` sums the lines'
    cost without IVA and `sales_ex_vat` their sales without IVA (per line,
    macros/metrics/vat.sql), so both add up exactly across grains.
#}
{% macro sales_metrics() -%}
sum(line_total)                                                 as net_sales,
        sum(case when not is_return then list_total else 0 end)         as gross_sales,
        sum(case when not is_return then discount_total else 0 end)     as discounts,
        -sum(case when is_return then line_total else 0 end)            as returns,
        coalesce(sum(cost_ex_vat), 0)                                   as cost,
        sum(sales_ex_vat)                                               as sales_ex_vat,
        sum(vat)                                                        as vat,
        count(distinct document_id)                                     as documents,
        count(*)                                                        as lines,
        sum(quantity)                                                   as units,
        count(distinct case when not is_return then customer_id end)    as unique_customers,
        count(distinct case when not is_return and first_purchase_period = period_start
                            then customer_id end)                       as new_customers
{%- endmacro %}


{#  Ratios and differences of the sums of the same row (sales_metrics()). #}
{% macro ratio_metrics() -%}
sales_ex_vat - cost                                                         as gross_margin,
        round(100 * {{ safe_divide('sales_ex_vat - cost', 'sales_ex_vat') }}, 2)   as margin_pct,
        unique_customers - new_customers                                            as returning_customers,
        round({{ safe_divide('net_sales', 'documents') }}, 2)                      as avg_ticket,
        round({{ safe_divide('units', 'documents') }}, 4)                          as units_per_document
{%- endmacro %}


{#
    Changes of a row against an earlier row of the same company (and key), in percent
    (2 decimals; null when the earlier row is missing or its value is 0):
    net_sales_<suffix>_pct, documents_<suffix>_pct, avg_ticket_<suffix>_pct (the
    average ticket unrounded). `row` and `earlier` are the aliases of both rows in the
    caller's join; `suffix` is prev (the period before) or yoy (a year before).
#}
{% macro changes(row, earlier, suffix) -%}
{%- set ticket = row ~ '.net_sales / nullif(' ~ row ~ '.documents, 0)' -%}
{%- set earlier_ticket = earlier ~ '.net_sales / nullif(' ~ earlier ~ '.documents, 0)' -%}
{{ pct_change(row ~ '.net_sales', earlier ~ '.net_sales') }}   as net_sales_{{ suffix }}_pct,
        {{ pct_change(row ~ '.documents', earlier ~ '.documents') }}   as documents_{{ suffix }}_pct,
        {{ pct_change(ticket, earlier_ticket) }}   as avg_ticket_{{ suffix }}_pct
{%- endmacro %}
