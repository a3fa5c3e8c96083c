{#-
    GabeDA's customer features (PRODUCT.md), one row per company and customer, as
    of the company's last sale. Ephemeral on purpose: the worker creates and widens
    gabeda.customer_features itself, so no view may pin it, and on a fresh database
    (no features written yet) this model is an empty, typed relation. Only the
    columns PRODUCT.md names are read; one the table does not have yet is null.
-#}
{{ config(materialized='ephemeral') }}

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
    ('status', 'text', 'customer_status'),
    ('computed_at', 'timestamptz'),
]) }}
