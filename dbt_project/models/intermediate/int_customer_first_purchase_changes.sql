{#-
    The customers whose first purchase ever changes in this run, with the first
    purchase before and after. Rebuilt on every run; empty in full mode.

    Why: a company's new_customers depend on first purchases, and lines changed in
    [date_from, date_to] can move a customer's first purchase to a day outside that
    range (a replace removes it: the first purchase becomes a later one; a new
    earlier sale: the old first-purchase period loses a new customer). The marts
    rebuild the periods holding the days listed here (int_rebuild_windows).

    Only first purchases on or after the company's first changed day `a` can
    change: a sale line before `a` did not change, so a customer who bought before
    `a` keeps that first purchase. So, per scoped company, the previous first
    purchases on or after `a` (int_customer_first_purchase as the last run left
    it) are compared with the ones the lines give now (sales on or after `a` of
    customers without an earlier first purchase).

    int_customer_first_purchase is read here by name, not with ref(): it is built
    after this model, from this model's rows, so that it holds exactly what was
    compared here even when lines are loaded while dbt runs.
-#}
{{ config(materialized='table') }}

{%- set lines = ref('int_sales_lines') -%}
{%- set scope = ayni_scope() -%}
{%- set previous = none -%}
{%- if execute and scope is not none -%}
    {%- set previous = adapter.get_relation(database=this.database, schema=this.schema,
                                            identifier='int_customer_first_purchase') -%}
{%- endif -%}
{%- set firsts = ayni_scope_first_days(scope) if scope is not none else [] -%}
{%- if previous is none -%}
    {#- No earlier first purchases to compare with: every customer of the scoped
        companies is listed (the marts then rebuild a superset, still correct). -#}
    {%- set whole = [] -%}
    {%- for f in firsts -%}{%- do whole.append({'company_id': f.company_id, 'date_from': none}) -%}{%- endfor -%}
    {%- set firsts = whole -%}
{%- endif %}

with

{% if scope is none %}

changes as (

    select
        cast(null as bigint) as company_id,
        cast(null as text) collate "C" as customer_id,
        cast(null as text) as previous_first_document_id,
        cast(null as timestamp) as previous_first_purchase_at,
        cast(null as date) as previous_first_purchase_date,
        cast(null as text) as first_document_id,
        cast(null as timestamp) as first_purchase_at,
        cast(null as date) as first_purchase_date
    where false

)

{% else %}

previous as (

    {% if previous is not none -%}
    select company_id, customer_id collate "C" as customer_id, first_document_id, first_purchase_at, first_purchase_date
    from {{ previous }}
    where {{ ayni_first_days_filter(firsts, 'first_purchase_date', 'since') }}
    {%- else -%}
    select
        cast(null as bigint) as company_id,
        cast(null as text) collate "C" as customer_id,
        cast(null as text) as first_document_id,
        cast(null as timestamp) as first_purchase_at,
        cast(null as date) as first_purchase_date
    where false
    {%- endif %}

),

bought_before as (

    {% if previous is not none -%}
    select company_id, customer_id collate "C" as customer_id
    from {{ previous }}
    where {{ ayni_first_days_filter(firsts, 'first_purchase_date', 'before') }}
    {%- else -%}
    select cast(null as bigint) as company_id, cast(null as text) collate "C" as customer_id
    where false
    {%- endif %}

),

sale_lines as (

    select company_id, customer_id, document_id, sold_at
    from {{ lines }}
    where customer_id is not null
      and not is_return
      and {{ ayni_first_days_filter(firsts, 'sale_date', 'since') }}

),

current_first as (

    select distinct on (company_id, customer_id)
        company_id,
        customer_id,
        document_id,
        sold_at

    from sale_lines
    where not exists (
        select 1
        from bought_before
        where bought_before.company_id = sale_lines.company_id
          and bought_before.customer_id = sale_lines.customer_id
    )
    order by company_id, customer_id, sold_at, document_id

),

changes as (

    select
        coalesce(current_first.company_id, previous.company_id) as company_id,
        coalesce(current_first.customer_id, previous.customer_id) as customer_id,
        previous.first_document_id as previous_first_document_id,
        previous.first_purchase_at as previous_first_purchase_at,
        previous.first_purchase_date as previous_first_purchase_date,
        current_first.document_id as first_document_id,
        current_first.sold_at as first_purchase_at,
        cast(current_first.sold_at as date) as first_purchase_date

    from current_first
    full outer join previous
        on  previous.company_id = current_first.company_id
        and previous.customer_id = current_first.customer_id
    where (current_first.document_id, current_first.sold_at)
        is distinct from (previous.first_document_id, previous.first_purchase_at)

)

{% endif %}

select * from changes
