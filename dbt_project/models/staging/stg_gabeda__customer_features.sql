{#-
    GabeDA's customer features (docs/PRODUCT.md), one row per company and customer, as
    of the company's last sale. Ephemeral on purpose: the worker creates and widens
    gabeda.customer_features itself, so no view may pin it, and on a fresh database
    (no features written yet) this model is an empty, typed relation. Only the
    columns docs/PRODUCT.md names are read; one the table does not have yet is null
    (optional_source_select, macros/optional_source.sql).
-#}
{{ config(materialized='ephemeral') }}

with

source as (

    {{ optional_source_select(source('gabeda', 'customer_features'), [
        ('company_id', 'bigint'),
        ('customer_id', 'text'),
        ('first_purchase', 'date'),
        ('last_purchase', 'date'),
        ('documents', 'bigint'),
        ('revenue', 'numeric'),
        ('recency_days', 'integer'),
        ('r_score', 'smallint'),
        ('f_score', 'smallint'),
        ('m_score', 'smallint'),
        ('rfm_segment', 'text'),
        ('status', 'text'),
        ('computed_at', 'timestamptz'),
    ]) | indent(4) }}

),

renamed as (

    select

        ----------  ids
        company_id,
        customer_id,

        ----------  dates
        first_purchase,
        last_purchase,

        ----------  numerics
        documents,
        revenue,
        recency_days,
        r_score,
        f_score,
        m_score,

        ----------  text
        rfm_segment,
        status as customer_status,

        ----------  timestamps
        computed_at

    from source

)

select * from renamed
