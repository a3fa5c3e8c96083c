-- The incrementally maintained building blocks hold what a full build would:
-- int_sales_lines is exactly stg_raw__transactions' lines (no line missed, stale or
-- doubled by an incremental run; amounts without IVA as the company's settings give
-- them now), and int_customer_first_purchase is exactly the
-- first purchase the lines give now. Returns the rows found on one side only.

with

staged_lines as (

    select
        company_id, document_id, product_id, line_no,
        customer_id collate "C" as customer_id,
        product_name collate "C" as product_name,
        category collate "C" as category,
        sold_at, sale_date, quantity, line_total, list_total, discount_total,
        cost_total, commission_total, margin, sales_ex_vat, vat, cost_ex_vat, is_return

    from {{ ref('stg_raw__transactions') }}

),

stored_lines as (

    select
        company_id, document_id, product_id, line_no, customer_id, product_name,
        category, sold_at, sale_date, quantity, line_total, list_total, discount_total,
        cost_total, commission_total, margin, sales_ex_vat, vat, cost_ex_vat, is_return

    from {{ ref('int_sales_lines') }}

),

line_differences as (

    (select 'int_sales_lines missing' as problem, company_id, document_id as detail from staged_lines
     except all
     select 'int_sales_lines missing', company_id, document_id from stored_lines)

    union all

    select 'int_sales_lines stale or doubled', company_id, document_id
    from (
        select * from stored_lines
        except all
        select * from staged_lines
    ) as extra

),

expected_first as (

    select distinct on (company_id, customer_id)
        company_id,
        customer_id,
        document_id as first_document_id,
        sold_at as first_purchase_at,
        sale_date as first_purchase_date

    from staged_lines
    where customer_id is not null
      and not is_return
    order by company_id, customer_id, sold_at, document_id

),

stored_first as (

    select company_id, customer_id, first_document_id, first_purchase_at, first_purchase_date
    from {{ ref('int_customer_first_purchase') }}

),

first_differences as (

    select 'first purchase missing or different' as problem, company_id, customer_id as detail
    from (select * from expected_first except select * from stored_first) as missing

    union all

    select 'first purchase stale', company_id, customer_id
    from (select * from stored_first except select * from expected_first) as stale

)

select * from line_differences
union all
select * from first_differences
