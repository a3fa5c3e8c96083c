{#
    True when a source document type names a credit note or a return.

    The type is lower-cased, stripped of accents and of everything that is not a
    letter or digit, then matched against:
      - `notacredito`, `notadecredito` (Nota de Crédito, NotaCreditoElectronica, ...);
      - `nc`, `nce`, `ncelectronica` (abbreviations);
      - `devoluci...` (devolución, devoluciones);
      - `return`, `refund`, `creditnote` (English exports);
      - `61`, the SII code of the electronic credit note.
    A null type is not a credit type.
#}
{% macro is_credit_document_type(column) -%}
    coalesce(
        regexp_replace(
            translate(lower({{ column }}), 'áéíóúüñ', 'aeiouun'),
            '[^a-z0-9]', '', 'g'
        ) ~ '^(.*nota(de)?credito.*|ncs?|nce|ncelectronica|devoluci.*|returns?|refunds?|creditnotes?|61)$',
        false
    )
{%- endmacro %}
