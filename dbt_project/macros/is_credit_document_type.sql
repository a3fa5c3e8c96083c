{#
    True when a source document type names a credit note or a return: its kind is
    `credit` in the seed `document_types`, which is ayni/core/seeds/document_types.csv,
    the one file the loaders and GabeDA read too (ayni/core/documents.py). A null or
    unlisted type is not a credit type.

    The type is looked up by `document_type_key()`; the seed's spellings are normalised
    the same way, once per query (an uncorrelated subquery: PostgreSQL hashes it).
#}
{% macro is_credit_document_type(column) -%}
    coalesce(
        {{ document_type_key(column) }} in (
            select {{ document_type_key('spelling') }}
            from {{ ref('document_types') }}
            where kind = 'credit'
        ),
        false
    )
{%- endmacro %}


{#
    The normalised form a document type is looked up by, the same as ayni.core.documents.key
    (tests/unit/test_documents.py checks these strings): accented letters to their base
    letter, everything but [A-Za-z0-9] removed, lower case (after the accents: under the C
    locale lower() folds only ASCII), and the leading zeros of an all-digit code removed.
    'Nota de Crédito' -> 'notadecredito', 'N/C' -> 'nc', '061' -> '61'.
#}
{% macro document_type_key(column) -%}
    regexp_replace(
        lower(regexp_replace(
            translate({{ column }}, 'ÁÀÂÄÃÉÈÊËÍÌÎÏÓÒÔÖÕÚÙÛÜÑÇáàâäãéèêëíìîïóòôöõúùûüñç', 'AAAAAEEEEIIIIOOOOOUUUUNCaaaaaeeeeiiiiooooouuuunc'),
            '[^A-Za-z0-9]', '', 'g'
        )),
        '^0+(?=[0-9]+$)', ''
    )
{%- endmacro %}
