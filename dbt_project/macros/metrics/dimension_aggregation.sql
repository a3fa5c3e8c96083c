{#
    The body of a dimension mart: one row per company, month and product /
    customer / category with lines in that month, with the metrics of the time
    aggregations (models/marts/_metrics_docs.md) restricted to the lines of that
    product, customer or category, and their changes against the same key's
    previous month and the same month a year before.

    Keys are compared in the collation "C" of int_sales_lines (kept rows read back
    from the table are brought to it).

    Lines without a customer or a category are kept, under the labels
    no_customer_label() '(sin cliente)' and no_category_label() '(sin categoría)',
    so that every dimension mart adds up to monthly_aggregations.

    Per-key metrics:
    - unique_customers: identified customers with a sale line of the key in the
      month (the customer mart: 1, or 0 for '(sin cliente)' and months with only
      returns);
    - new_customers: those of them whose first purchase ever at the company falls
      in that month; returning_customers = unique_customers - new_customers.
    Documents are the documents with a line of the key, so they add up over
    customers (a document has one customer) but not over products or categories.

    Incremental: the month windows of int_rebuild_windows, like the time marts.
    Only month-local columns belong here: a company-wide value on every month of a
    key (GabeDA's segment or class as of the last upload, the first purchase) would
    change all of a company's rows on each upload, and rebuilding them all made
    each upload's dbt run ~10 % slower. Read those from their own tables
    (gabeda.customer_features / product_features, with row-level security, joined
    on company_id and the key).

    `extra_columns` adds per-key descriptive columns: a list of
    (name, aggregate over the month's lines, SQL type), e.g.
    ('product_name', 'max(product_name)', 'text').

    `first_purchase` (customer only) adds first_purchase_date, the customer's first
    purchase ever (int_customer_first_purchase), on each of their months (the
    cohort). It is company-wide, but changes only for the customers listed in
    int_customer_first_purchase_changes: an incremental run rebuilds every month of
    those customers besides the windows (meta.ayni_rebuild.changed_customers).
#}
{% macro dimension_aggregation(dimension, extra_columns=[], first_purchase=false) -%}
{%- set keys = {
    'product': ('product_id', 'product_id'),
    'customer': ('customer_id', "coalesce(customer_id, '" ~ no_customer_label() ~ "')"),
    'category': ('category', "coalesce(category, '" ~ no_category_label() ~ "')"),
} -%}
{%- if dimension not in keys -%}
    {{ exceptions.raise_compiler_error("unknown dimension '" ~ dimension ~ "': use product, customer or category") }}
{%- endif -%}
{%- set key, key_expression = keys[dimension] -%}
{#- Incremental runs read the rebuild windows (ayni_windows): declared here, since a
    ref() reached only when is_incremental() is true is invisible while parsing. -#}
{%- do ref('int_rebuild_windows') -%}
{%- if first_purchase and dimension != 'customer' -%}
    {{ exceptions.raise_compiler_error("first_purchase is a column of the customer dimension only") }}
{%- endif -%}
{%- set changes = ref('int_customer_first_purchase_changes') if first_purchase else none -%}
{%- set windows = ayni_windows('month') if is_incremental() else none -%}
{%- set rebuilt_customers = first_purchase and windows is not none %}
with

lines as (

    select * from {{ ref('int_sales_lines') }}
    where {{ ayni_window_filter(windows, 'company_id', 'sale_date') }}
    {%- if rebuilt_customers %}
       or exists (
           select 1 from {{ changes }} as changed
           where changed.company_id = int_sales_lines.company_id
             and changed.customer_id = int_sales_lines.customer_id
       )
    {%- endif %}

),

first_purchases as (

    select * from {{ ref('int_customer_first_purchase') }}
    where {{ ayni_window_filter(windows, 'company_id', 'first_purchase_date') }}

),

period_lines as (

    select
        {{ period_start('month', 'sale_date') }} as period_start,
        {{ key_expression }} as dim_key,
        lines.*

    from lines

),

key_totals as (

    select
        company_id,
        period_start,
        dim_key,

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
        {%- for name, aggregate, data_type in extra_columns %},
        {{ aggregate }} as {{ name }}
        {%- endfor %}

    from period_lines
    group by company_id, period_start, dim_key

),

key_new_customers as (

    select
        period_lines.company_id,
        period_lines.period_start,
        period_lines.dim_key,
        count(distinct period_lines.customer_id) as new_customers

    from period_lines
    inner join first_purchases
        on  first_purchases.company_id = period_lines.company_id
        and first_purchases.customer_id = period_lines.customer_id
        and first_purchases.first_purchase_date >= period_lines.period_start
        and first_purchases.first_purchase_date < period_lines.period_start + interval '1 month'
    where not period_lines.is_return
    group by 1, 2, 3

),

metrics as (

    select
        key_totals.*,
        coalesce(key_new_customers.new_customers, 0) as new_customers,
        {{ safe_divide('key_totals.net_sales', 'key_totals.documents') }} as avg_ticket

    from key_totals
    left join key_new_customers
        on  key_new_customers.company_id = key_totals.company_id
        and key_new_customers.period_start = key_totals.period_start
        and key_new_customers.dim_key = key_totals.dim_key

),

{% if windows is not none -%}
kept_months as (

    -- rows this run keeps: the compared months outside the rebuild windows
    select
        company_id,
        period_start,
        {{ key }} collate "C" as dim_key,
        net_sales,
        documents,
        {{ safe_divide('net_sales', 'documents') }} as avg_ticket

    from {{ this }}
    where company_id in ({{ ayni_window_company_list(windows) }})
      and not {{ ayni_window_filter(windows, 'company_id', 'period_start') }}
      {%- if rebuilt_customers %}
      and not exists (
          select 1 from {{ changes }} as changed
          where changed.company_id = {{ this }}.company_id
            and changed.customer_id = {{ this }}.customer_id collate "C"
      )
      {%- endif %}

),

{% endif -%}
comparable as (

    select company_id, period_start, dim_key, net_sales, documents, avg_ticket
    from metrics
    {%- if windows is not none %}

    union all

    select company_id, period_start, dim_key, net_sales, documents, avg_ticket
    from kept_months
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
        {%- if first_purchase %},
        customer_first.first_purchase_date
        {%- endif %}

    from metrics as cur
    left join comparable as prev
        on  prev.company_id = cur.company_id
        and prev.dim_key = cur.dim_key
        and prev.period_start = cast(cur.period_start - interval '1 month' as date)
    left join comparable as year_ago
        on  year_ago.company_id = cur.company_id
        and year_ago.dim_key = cur.dim_key
        and year_ago.period_start = cast(cur.period_start - interval '1 year' as date)
    {%- if first_purchase %}
    left join {{ ref('int_customer_first_purchase') }} as customer_first
        on  customer_first.company_id = cur.company_id
        and customer_first.customer_id = cur.dim_key
    {%- endif %}

),

final as (

    select
        cast(company_id as bigint) as company_id,
        cast(period_start as date) as period_start,
        cast(dim_key as text) as {{ key }},
        {%- for name, aggregate, data_type in extra_columns %}
        cast({{ name }} as {{ data_type }}) as {{ name }},
        {%- endfor %}
        {%- if first_purchase %}
        cast(first_purchase_date as date) as first_purchase_date,
        {%- endif %}

        {{ mart_metric_columns() | indent(8) }}

    from compared

)

select * from final
{%- endmacro %}


{#  The customer_id of lines sold without an identified customer, in customer_aggregations. #}
{% macro no_customer_label() -%}
    (sin cliente)
{%- endmacro %}


{#  The category of lines without one, in category_aggregations. #}
{% macro no_category_label() -%}
    (sin categoría)
{%- endmacro %}
