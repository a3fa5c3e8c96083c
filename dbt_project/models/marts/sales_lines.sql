{#-
    The processed lines users download (download center, "Líneas procesadas"): every
    line of raw.transactions as the warehouse reads it (macros/processed_lines.sql, the
    same SQL as stg_raw__transactions), with the upload that last wrote it.

    A view, not a table: a copy of every line would add a full write of the biggest
    relation to every build, for a download that reads one company at a time. It reads
    raw.transactions itself, not the staging view (dbt replaces a view by dropping it
    with CASCADE, which would drop a view built on it). Tenancy: the marts post-hook
    (apply_tenant_rls) makes it security_invoker, so raw.transactions' row-level
    security applies to ayni_app through it (README.md, "Tenancy").
-#}
{{ config(materialized='view') }}

with

lines as (

    {{ processed_lines(source('raw', 'transactions')) }}

),

final as (

    select
        company_id,
        upload_id,
        sold_at,
        sale_date,
        document_id,
        trans_type,
        is_return,
        line_no,
        product_id,
        product_name,
        category,
        unit_type,
        customer_id,
        quantity,
        unit_price,
        list_total,
        discount_total,
        line_total,
        unit_cost,
        cost_total,
        commission_total,
        margin,
        sales_ex_vat,
        vat,
        cost_ex_vat,
        stock,
        loaded_at

    from lines

)

select * from final
