{#
    Post-hook of the incremental building blocks (int_sales_lines,
    int_customer_first_purchase): ANALYZE the table when this run added more than a
    tenth of it (rows inserted minus rows deleted in the model's transaction). The
    marts are planned right after, long before autovacuum would analyze: with
    statistics from before a company's first large upload (say 400,000 lines into a
    warehouse of small companies), PostgreSQL estimated one row for that company and
    chose nested loops that ran for minutes. A usual upload costs two lookups.
#}
{% macro analyze_after_large_change() -%}
    {%- set table = '"' ~ this.schema ~ '"."' ~ this.identifier ~ '"' -%}
    do $$
    begin
        if pg_stat_get_xact_tuples_inserted('{{ table }}'::regclass)
           - pg_stat_get_xact_tuples_deleted('{{ table }}'::regclass)
           > 0.1 * greatest((select reltuples from pg_class where oid = '{{ table }}'::regclass), 1000) then
            analyze {{ table }};
        end if;
    end
    $$;
{%- endmacro %}
