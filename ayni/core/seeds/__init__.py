"""Data the ground keeps once and dbt loads as seeds (dbt_project.yml, seed-paths).

document_types.csv: what each document type a POS, an ERP or the SII writes means
(ayni.core.documents reads it for the loaders and GabeDA; dbt seeds it for the marts).
"""
