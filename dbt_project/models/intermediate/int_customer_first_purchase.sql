{#-
    The first purchase ever of each identified customer of each company: the
    earliest sale line (returns do not count) with a customer id. A customer is
    "new" in the period that holds this date.
-#}
with

sale_lines as (

    select
        company_id,
        customer_id,
        document_id,
        sold_at

    from {{ ref('stg_raw__transactions') }}
    where customer_id is not null
      and not is_return

),

ranked as (

    select
        *,
        row_number() over (
            partition by company_id, customer_id
            order by sold_at, document_id
        ) as purchase_rank

    from sale_lines

),

first_purchases as (

    select
        company_id,
        customer_id,
        document_id as first_document_id,
        sold_at as first_purchase_at,
        cast(sold_at as date) as first_purchase_date

    from ranked
    where purchase_rank = 1

)

select * from first_purchases
