{#
    The metrics benchmarked per industry (docs/PRODUCT.md, "Benchmarks"): net sales,
    average ticket, documents, margin %, units per document and growth, the last
    as the change of net sales against the previous period and against the same
    period a year before. Each is a column of the time aggregations.
#}
{% macro benchmark_metrics() -%}
    {{ return(['net_sales', 'avg_ticket', 'documents', 'margin_pct', 'units_per_document',
               'net_sales_prev_pct', 'net_sales_yoy_pct']) }}
{%- endmacro %}


{#  (period_type, time aggregation model) of every benchmarked grain. #}
{% macro benchmark_grains() -%}
    {{ return([('day', 'daily_aggregations'), ('week', 'weekly_aggregations'),
               ('month', 'monthly_aggregations'), ('quarter', 'quarterly_aggregations'),
               ('year', 'yearly_aggregations')]) }}
{%- endmacro %}
