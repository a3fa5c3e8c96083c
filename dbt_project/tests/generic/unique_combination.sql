{#
    No two rows share the same values of `columns` (a composite key).
    Rows where every key column is null are ignored, like a unique constraint.

        data_tests:
          - unique_combination:
              arguments:
                columns: [company_id, period_start]
#}
{% test unique_combination(model, columns) %}

{%- set column_list = columns | join(', ') %}

select
    {{ column_list }},
    count(*) as n_rows

from {{ model }}
where not ({% for column in columns %}{{ column }} is null{% if not loop.last %} and {% endif %}{% endfor %})
group by {{ column_list }}
having count(*) > 1

{% endtest %}
