{#
    A boolean SQL expression holds on every row. A row where the expression is
    null fails too. To check only some rows, use dbt's `config: where:`.

        - expression_is_true:
            arguments:
              expression: "gross_sales - discounts - returns = net_sales"
#}
{% test expression_is_true(model, expression) %}

select *

from {{ model }}
where not coalesce({{ expression }}, false)

{% endtest %}
