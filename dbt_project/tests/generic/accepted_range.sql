{#
    Every non-null value of the column lies within [min_value, max_value]
    (either bound may be left out; inclusive=false makes the bounds strict).

        - accepted_range:
            arguments:
              min_value: 0
#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

{%- if min_value is none and max_value is none -%}
    {{ exceptions.raise_compiler_error("accepted_range needs min_value, max_value or both") }}
{%- endif -%}
{%- set lower = '>=' if inclusive else '>' -%}
{%- set upper = '<=' if inclusive else '<' %}

select {{ column_name }}

from {{ model }}
where {{ column_name }} is not null
  and not (
      true
      {%- if min_value is not none %} and {{ column_name }} {{ lower }} {{ min_value }}{% endif %}
      {%- if max_value is not none %} and {{ column_name }} {{ upper }} {{ max_value }}{% endif %}
  )

{% endtest %}
