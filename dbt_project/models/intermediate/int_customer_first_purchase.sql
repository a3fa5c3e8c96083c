{#-
    The first purchase ever of each identified customer of each company: the
    earliest sale line (returns do not count) with a customer id; ties on the time
    go to the lowest document id. A customer is "new" in the period holding it.

    Incremental (tag per_upload): an upload's run recomputes the companies it
    changed, whole, from their lines.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='delete+insert',
    unique_key='company_id',
    on_schema_change='append_new_columns',
    tags=['per_upload'],
    indexes=[
        {'columns': ['company_id', 'customer_id'], 'unique': true},
    ],
    post_hook=['{{ analyze_after_large_change() }}'],
) }}

with

sale_lines as (

    select
        company_id,
        customer_id,
        document_id,
        sold_at

    from {{ ref('int_sales_lines') }}
    where customer_id is not null
      and not is_return
      {%- if is_incremental() %}
      and {{ scoped_companies() }}
      {%- endif %}

),

first_purchases as (

    select distinct on (company_id, customer_id)
        company_id,
        customer_id,
        document_id as first_document_id,
        sold_at as first_purchase_at,
        cast(sold_at as date) as first_purchase_date

    from sale_lines
    order by company_id, customer_id, sold_at, document_id

)

select * from first_purchases
