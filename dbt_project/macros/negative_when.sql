{#
    `expression` made negative when `condition` holds, as sent otherwise.
    Used by staging to give return lines negative amounts whatever sign the
    source used for them.
#}
{% macro negative_when(condition, expression) -%}
    case when {{ condition }} then -abs({{ expression }}) else {{ expression }} end
{%- endmacro %}
