with

source as (

    select * from {{ source('app', 'companies') }}

),

renamed as (

    select

        ----------  ids
        id as company_id,
        rut,

        ----------  text
        name as company_name,
        industry,
        size as company_size,

        ----------  booleans
        benchmark_opt_in,
        prices_include_vat,
        costs_include_vat,

        ----------  timestamps
        created_at

    from source

)

select * from renamed
