{#-
    The first purchase ever of each identified customer of each company: the
    earliest sale line (returns do not count) with a customer id; ties on the time
    go to the lowest document id. A customer is "new" in the period holding it.

    Full mode: computed from every line. With a scope: the customers listed in
    int_customer_first_purchase_changes are replaced by their new first purchase
    (or removed, when they have no sale any more); every other row stays.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy='ayni_scoped',
    unique_key=['company_id', 'customer_id'],
    on_schema_change='append_new_columns',
    meta={'ayni_rebuild': {'keys_from': 'int_customer_first_purchase_changes'}},
    indexes=[
        {'columns': ['company_id', 'customer_id'], 'unique': true},
        {'columns': ['company_id', 'first_purchase_date']},
    ],
) }}

{%- set changes = ref('int_customer_first_purchase_changes') -%}
{%- set scope = ayni_scope() if is_incremental() else none %}

{% if scope is none -%}

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

{%- else -%}

select
    company_id,
    customer_id,
    first_document_id,
    first_purchase_at,
    first_purchase_date

from {{ changes }}
where first_purchase_at is not null

{%- endif %}
