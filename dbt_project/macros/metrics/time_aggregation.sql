{#
    The body of a time-aggregation mart: one row per company and period of
    `grain` (day, week, month, quarter, year) in which the company has lines.

    Every time grain uses this one definition, so the grains cannot drift apart.
    Metric definitions are documented in models/marts/_metrics_docs.md.

    Rounding: money derived by division (avg_ticket) 2 decimals, percentages
    2 decimals, units_per_document 4 decimals; sums are exact sums of the lines:
    sales_ex_vat, vat and cost (without IVA) add up the per-line values of
    int_sales_lines (whole pesos where divided by 1 + rate, macros/metrics/vat.sql), so
    every additive column of a period is the sum of its days.

    Comparisons use the calendar: the previous period is the one just before
    (a day, week, month ... earlier), the year-ago period is
    macros/metrics/periods.sql:year_ago_interval earlier. When that period has
    no lines, or its value is 0, the change is null.

    Incremental (README.md, "Incremental builds"): with a scope, only the periods
    of the rebuild windows (int_rebuild_windows) are computed, from the lines of
    those periods; a compared period outside the windows is read from the table
    itself (`this`), whose rows outside the windows stay as they are.
#}
{% macro time_aggregation(grain) -%}
{{- validate_grain(grain) -}}
{#- Incremental runs read the rebuild windows (ayni_windows): declared here, since a
    ref() reached only when is_incremental() is true is invisible while parsing. -#}
{%- do ref('int_rebuild_windows') -%}
{%- set windows = ayni_windows(grain) if is_incremental() else none -%}
with

lines as (

    select * from {{ ref('int_sales_lines') }}
    where {{ ayni_window_filter(windows, 'company_id', 'sale_date') }}

),

first_purchases as (

    select * from {{ ref('int_customer_first_purchase') }}
    where {{ ayni_window_filter(windows, 'company_id', 'first_purchase_date') }}

),

period_lines as (

    select
        company_id,
        {{ period_start(grain, 'sale_date') }} as period_start,
        document_id,
        customer_id,
        quantity,
        line_total,
        list_total,
        discount_total,
        sales_ex_vat,
        vat,
        cost_ex_vat,
        is_return

    from lines

),

period_totals as (

    select
        company_id,
        period_start,

        sum(line_total) as net_sales,
        sum(case when not is_return then list_total else 0 end) as gross_sales,
        sum(case when not is_return then discount_total else 0 end) as discounts,
        -sum(case when is_return then line_total else 0 end) as returns,
        coalesce(sum(cost_ex_vat), 0) as cost,
        sum(sales_ex_vat) as sales_ex_vat,
        sum(vat) as vat,

        count(distinct document_id) as documents,
        count(*) as lines,
        sum(quantity) as units,
        count(distinct case when not is_return then customer_id end) as unique_customers

    from period_lines
    group by company_id, period_start

),

period_new_customers as (

    select
        company_id,
        {{ period_start(grain, 'first_purchase_date') }} as period_start,
        count(*) as new_customers

    from first_purchases
    group by company_id, period_start

),

metrics as (

    select
        period_totals.*,
        coalesce(period_new_customers.new_customers, 0) as new_customers,
        {{ safe_divide('period_totals.net_sales', 'period_totals.documents') }} as avg_ticket

    from period_totals
    left join period_new_customers
        on  period_new_customers.company_id = period_totals.company_id
        and period_new_customers.period_start = period_totals.period_start

),

{% if windows is not none -%}
kept_periods as (

    -- rows this run keeps: the compared periods outside the rebuild windows
    select
        company_id,
        period_start,
        net_sales,
        documents,
        {{ safe_divide('net_sales', 'documents') }} as avg_ticket

    from {{ this }}
    where company_id in ({{ ayni_window_company_list(windows) }})
      and not {{ ayni_window_filter(windows, 'company_id', 'period_start') }}

),

{% endif -%}
comparable as (

    select company_id, period_start, net_sales, documents, avg_ticket
    from metrics
    {%- if windows is not none %}

    union all

    select company_id, period_start, net_sales, documents, avg_ticket
    from kept_periods
    {%- endif %}

),

compared as (

    select
        cur.*,
        prev.net_sales as prev_net_sales,
        prev.documents as prev_documents,
        prev.avg_ticket as prev_avg_ticket,
        year_ago.net_sales as year_ago_net_sales,
        year_ago.documents as year_ago_documents,
        year_ago.avg_ticket as year_ago_avg_ticket

    from metrics as cur
    left join comparable as prev
        on  prev.company_id = cur.company_id
        and prev.period_start = cast(cur.period_start - {{ period_interval(grain) }} as date)
    left join comparable as year_ago
        on  year_ago.company_id = cur.company_id
        and year_ago.period_start = cast(cur.period_start - {{ year_ago_interval(grain) }} as date)

),

final as (

    select
        cast(company_id as bigint) as company_id,
        cast(period_start as date) as period_start,

        {{ mart_metric_columns() | indent(8) }}

    from compared

)

select * from final
{%- endmacro %}
