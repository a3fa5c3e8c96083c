{#-
    The transaction lines the marts aggregate, stored once: staging's renamed, signed
    and completed lines, narrowed to what the marts use. Deriving them (the credit-note
    pattern above all) costs more than aggregating them, and eight marts read them.

    Rebuilt per upload (tag per_upload), as the one model that reloads only the
    changed days of the scope (README.md, "Incremental builds"): the pre-hook deletes
    the lines of those days (lines a replace removed go with them), and the model
    appends them again from staging. sales_ex_vat, vat and cost_ex_vat, computed by
    the company's IVA settings (app.companies), follow a change of them on the
    nightly full build (or a scope entry without dates).
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='append_new_columns',
    tags=['per_upload'],
    indexes=[{'columns': ['company_id', 'sale_date']}],
    pre_hook=["{% if is_incremental() %} delete from {{ this }} where {{ scoped_days('sale_date') }} {% endif %}"],
    post_hook=['{{ analyze_after_large_change() }}'],
) }}

with

lines as (

    select * from {{ ref('stg_raw__transactions') }}
    {%- if is_incremental() %}
    where {{ scoped_days('sold_at') }}
    {%- endif %}

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
        commission_total,
        margin,
        sales_ex_vat,
        vat,
        cost_ex_vat,
        is_return

    from lines

)

select * from narrowed
