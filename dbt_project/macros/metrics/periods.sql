{#
    Period arithmetic shared by the time aggregations.

    grain is one of day, week (ISO, starting Monday), month, quarter, year.
#}

{% macro validate_grain(grain) -%}
    {%- if grain not in ['day', 'week', 'month', 'quarter', 'year'] -%}
        {{ exceptions.raise_compiler_error("unknown grain '" ~ grain ~ "': use day, week, month, quarter or year") }}
    {%- endif -%}
{%- endmacro %}


{#  First day of the period holding date_column, as a date. #}
{% macro period_start(grain, date_column) -%}
    {{- validate_grain(grain) -}}
    cast(date_trunc('{{ grain }}', {{ date_column }}) as date)
{%- endmacro %}


{#  The length of one period, as a PostgreSQL interval literal. #}
{% macro period_interval(grain) -%}
    {{- validate_grain(grain) -}}
    {%- if grain == 'quarter' -%}
        interval '3 months'
    {%- else -%}
        interval '1 {{ grain }}'
    {%- endif -%}
{%- endmacro %}


{#
    The offset of "the same period a year before": one year, except for ISO
    weeks, where it is 52 weeks (the same week number, starting on a Monday).
    For days it is the same calendar date (29 February has no counterpart).
#}
{% macro year_ago_interval(grain) -%}
    {{- validate_grain(grain) -}}
    {%- if grain == 'week' -%}
        interval '52 weeks'
    {%- else -%}
        interval '1 year'
    {%- endif -%}
{%- endmacro %}
