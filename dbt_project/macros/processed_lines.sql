{#
    The transaction lines of `relation` (raw.transactions) as the warehouse reads them:
    friendly names, trimmed text, amounts completed from what the source gave, and one
    sign convention (return lines negative). A whole query, written once and used by
    stg_raw__transactions (what the marts aggregate: its `renamed` CTE) and
    marts.sales_lines (what users download), so the two cannot drift apart. `relation`
    is raw.transactions or a CTE selecting it. (sales_lines cannot read the staging view
    instead: README.md, "Tenancy".)

    A line is a return when its quantity or amount is negative, or its document type
    names a credit note (macros/is_credit_document_type.sql).

    IVA (macros/metrics/vat.sql): each line also carries its sales without IVA, its IVA
    and its cost without IVA, by its company's settings (app.companies
    prices_include_vat, costs_include_vat), and its margin is taken on that basis:
    margin = sales_ex_vat - cost_ex_vat - commission_total. Computed once per line here,
    so the marts only add them up (and so can anyone who sums the downloaded lines).
    Exempt lines are not flagged in raw.transactions yet: every line is taxed.
#}
{% macro processed_lines(relation) -%}

{%- set is_return -%}
    (in_quantity < 0 or in_price_total < 0 or {{ is_credit_document_type('in_trans_type') }})
{%- endset -%}

{#- Cost of the line as sent, completed from the unit cost or the margin. -#}
{%- set cost_as_sent -%}
    coalesce(in_cost_total, in_cost_unit * in_quantity, in_price_total - in_margin - in_commission_total)
{%- endset -%}

{#- The line total and its cost signed like the movement (returns negative). -#}
{%- set signed_total = negative_when('is_return', 'in_price_total') -%}
{%- set signed_cost = negative_when('is_return', cost_as_sent) -%}
{#- Exempt lines: not flagged in raw.transactions yet (dbt_project/README.md, "Not done yet"). -#}
{%- set is_exempt = 'false' -%}

with

transactions as (

    select * from {{ relation }}

),

companies as (

    select id as company_id, prices_include_vat, costs_include_vat
    from {{ source('app', 'companies') }}

),

flagged as (

    select
        transactions.*,
        flags.is_return,
        -- the defaults of app.companies, for a line whose company row is gone
        coalesce(companies.prices_include_vat, true) as prices_include_vat,
        coalesce(companies.costs_include_vat, false) as costs_include_vat

    from transactions
    left join companies
        on companies.company_id = transactions.company_id
    -- Computed once per line and reused by every signed column below: a LATERAL
    -- subquery with OFFSET 0 is not flattened into them, and PostgreSQL would
    -- otherwise evaluate the credit-note pattern once per use (seven times a line).
    cross join lateral (
        select {{ is_return }} as is_return
        offset 0
    ) as flags

),

renamed as (

    select

        ----------  ids
        company_id,
        upload_id,
        line_no,
        trim(in_trans_id) as document_id,
        trim(in_product_id) as product_id,
        nullif(trim(in_customer_id), '') as customer_id,

        ----------  text
        nullif(trim(in_trans_type), '') as trans_type,
        nullif(trim(in_description), '') as product_name,
        nullif(trim(in_category), '') as category,
        nullif(trim(in_unit_type), '') as unit_type,

        ----------  numerics (signed: negative on return lines)
        {{ negative_when('is_return', 'in_quantity') }} as quantity,
        {{ signed_total }} as line_total,
        {{ negative_when('is_return', 'abs(in_price_total) + in_discount_total') }} as list_total,
        in_discount_total as discount_total,
        {{ signed_cost }} as cost_total,
        in_commission_total as commission_total,

        ----------  numerics without IVA (signed; macros/metrics/vat.sql)
        {{ sales_ex_vat(signed_total, 'prices_include_vat', is_exempt) }} as sales_ex_vat,
        {{ vat_amount(signed_total, 'prices_include_vat', is_exempt) }} as vat,
        {{ cost_ex_vat(signed_cost, 'costs_include_vat', is_exempt) }} as cost_ex_vat,
        {{ sales_ex_vat(signed_total, 'prices_include_vat', is_exempt) }}
            - {{ cost_ex_vat(signed_cost, 'costs_include_vat', is_exempt) }}
            - in_commission_total as margin,

        ----------  numerics (per unit, positive)
        coalesce(
            in_price_unit,
            round((abs(in_price_total) + in_discount_total) / nullif(abs(in_quantity), 0), 2)
        ) as unit_price,
        coalesce(
            in_cost_unit,
            round(abs({{ cost_as_sent }}) / nullif(abs(in_quantity), 0), 2)
        ) as unit_cost,
        in_stock as stock,

        ----------  booleans
        is_return,

        ----------  timestamps
        in_dt as sold_at,
        cast(in_dt as date) as sale_date,
        loaded_at,

        ----------  the rest of the source file
        extra

    from flagged

)

select * from renamed

{%- endmacro %}
