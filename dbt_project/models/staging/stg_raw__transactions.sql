{#- The lines renamed, signed (returns negative) and completed: macros/processed_lines.sql,
    shared with marts.sales_lines. -#}
{{ processed_lines(source('raw', 'transactions')) }}
