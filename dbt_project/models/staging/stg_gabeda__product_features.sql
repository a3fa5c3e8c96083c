{#-
    GabeDA's product features (docs/PRODUCT.md), one row per company and product, as of
    the company's last sale. Ephemeral for the same reasons as
    stg_gabeda__customer_features: the worker owns the table and its columns, and a
    fresh database has none.
-#}
{{ config(materialized='ephemeral') }}

with

source as (

    {{ optional_source_select(source('gabeda', 'product_features'), [
        ('company_id', 'bigint'),
        ('product_id', 'text'),
        ('revenue', 'numeric'),
        ('units', 'numeric'),
        ('revenue_share', 'numeric'),
        ('abc_class', 'text'),
        ('velocity', 'numeric'),
        ('days_since_last_sale', 'integer'),
        ('dead_stock', 'boolean'),
        ('quadrant', 'text'),
        ('computed_at', 'timestamptz'),
    ]) | indent(4) }}

),

renamed as (

    select

        ----------  ids
        company_id,
        product_id,

        ----------  numerics
        revenue,
        units,
        revenue_share,
        velocity,
        days_since_last_sale,

        ----------  text
        abc_class,
        quadrant,

        ----------  booleans
        dead_stock,

        ----------  timestamps
        computed_at

    from source

)

select * from renamed
