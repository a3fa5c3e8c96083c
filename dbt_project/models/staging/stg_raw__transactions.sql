{#-
    The transaction lines as the warehouse reads them. `renamed` is the shared query of
    macros/processed_lines.sql (renamed and trimmed, returns signed negative, cost and
    unit prices completed, IVA by the company's settings), the same query
    marts.sales_lines runs, so what the marts aggregate and what users download cannot
    drift apart.
-#}

with

source as (

    select * from {{ source('raw', 'transactions') }}

),

renamed as (

    {{ processed_lines('source') | indent(4) }}

)

select * from renamed
