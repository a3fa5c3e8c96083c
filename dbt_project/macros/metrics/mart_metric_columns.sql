{#
    The metric columns every aggregation mart ends with, in contract order: the
    additive sums, the ratios rebuilt from them, VAT, and the changes against the
    previous period and the year before. The caller's last CTE must hold the sums and
    the prev_* / year_ago_* columns (time_aggregation and dimension_aggregation build them).

    Margin is measured without IVA (PRODUCT.md, "IVA"): `cost` is the summed cost
    without IVA of the lines (cost_ex_vat), `sales_ex_vat` their summed sales without
    IVA, gross_margin = sales_ex_vat - cost and margin_pct = gross_margin /
    sales_ex_vat; all three sums are additive, so is gross_margin.
#}
{% macro mart_metric_columns() -%}
cast(net_sales as numeric) as net_sales,
cast(gross_sales as numeric) as gross_sales,
cast(discounts as numeric) as discounts,
cast(returns as numeric) as returns,
cast(cost as numeric) as cost,
cast(sales_ex_vat - cost as numeric) as gross_margin,
cast(round(100 * {{ safe_divide('sales_ex_vat - cost', 'sales_ex_vat') }}, 2) as numeric) as margin_pct,

cast(documents as bigint) as documents,
cast(lines as bigint) as lines,
cast(units as numeric) as units,
cast(unique_customers as bigint) as unique_customers,
cast(new_customers as bigint) as new_customers,
cast(unique_customers - new_customers as bigint) as returning_customers,
cast(round(avg_ticket, 2) as numeric) as avg_ticket,
cast(round({{ safe_divide('units', 'documents') }}, 4) as numeric) as units_per_document,

cast(sales_ex_vat as numeric) as sales_ex_vat,
cast(vat as numeric) as vat,

cast({{ pct_change('net_sales', 'prev_net_sales') }} as numeric) as net_sales_prev_pct,
cast({{ pct_change('documents', 'prev_documents') }} as numeric) as documents_prev_pct,
cast({{ pct_change('avg_ticket', 'prev_avg_ticket') }} as numeric) as avg_ticket_prev_pct,
cast({{ pct_change('net_sales', 'year_ago_net_sales') }} as numeric) as net_sales_yoy_pct,
cast({{ pct_change('documents', 'year_ago_documents') }} as numeric) as documents_yoy_pct,
cast({{ pct_change('avg_ticket', 'year_ago_avg_ticket') }} as numeric) as avg_ticket_yoy_pct
{%- endmacro %}
