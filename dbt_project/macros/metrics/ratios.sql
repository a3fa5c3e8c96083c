{#
    numerator / denominator as numeric (never integer division), null when the
    denominator is 0 or null.
#}
{% macro safe_divide(numerator, denominator) -%}
    cast({{ numerator }} as numeric) / nullif({{ denominator }}, 0)
{%- endmacro %}


{#
    Change of `current` against `previous` in percent, rounded to 2 decimals;
    null when there is no previous value or it is 0.
#}
{% macro pct_change(current, previous) -%}
    round(100 * {{ safe_divide('(' ~ current ~ ') - (' ~ previous ~ ')', previous) }}, 2)
{%- endmacro %}
