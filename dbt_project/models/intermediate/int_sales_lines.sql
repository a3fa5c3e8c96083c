{#-
    The transaction lines the marts aggregate, materialised once: staging's
    renamed, signed and completed lines, narrowed to the columns the marts use.
    Deriving them (the credit-note pattern above all) costs more than aggregating
    them, and nine models read them, so they are computed once here and kept up to
    date incrementally: a run with a scope replaces the scoped companies' lines of
    the changed days only (meta.ayni_rebuild.scope_days).

    sales_ex_vat, vat and cost_ex_vat follow the company's IVA settings
    (app.companies prices_include_vat, costs_include_vat) as of the run that wrote the
    line: after a company changes them, its lines are brought up to date by a run that
    rebuilds the company whole (the nightly full build, or a scope entry without dates).
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='ayni_scoped',
    unique_key=['company_id', 'document_id', 'product_id', 'line_no'],
    on_schema_change='append_new_columns',
    meta={'ayni_rebuild': {'scope_days': 'sale_date'}},
    indexes=[{'columns': ['company_id', 'sale_date']}],
) }}

{%- set scope = ayni_scope() if is_incremental() else none %}

with

lines as (

    select * from {{ ref('stg_raw__transactions') }}
    where {{ ayni_scope_filter(scope, 'company_id', 'sold_at') }}

),

narrowed as (

    -- Text the marts group, join and count(distinct) on is kept in the byte-order
    -- collation "C" (document_id and product_id already are, from raw.transactions):
    -- grouping and equality are the same in every deterministic collation, and "C"
    -- compares bytes instead of calling the locale (several times cheaper sorts).
    select
        company_id,
        document_id,
        product_id,
        line_no,
        customer_id collate "C" as customer_id,
        product_name collate "C" as product_name,
        category collate "C" as category,
        sold_at,
        sale_date,
        quantity,
        line_total,
        list_total,
        discount_total,
        cost_total,
        sales_ex_vat,
        vat,
        cost_ex_vat,
        is_return

    from lines

)

select * from narrowed
