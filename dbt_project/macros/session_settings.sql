{#
    Pre-hook of every model (dbt_project.yml): settings local to the model's
    transaction.

    - jit off: JIT compilation never paid for these queries (measured at 1M lines:
      the same or slower), and generate_series' default row estimate made the
      planner compile for ~0.9 s a query that runs in milliseconds
      (int_rebuild_windows).
    - work_mem (var `work_mem`, 128MB), in full mode only: a full build sorts
      every line for count(distinct ...), and with PostgreSQL's default (4MB)
      those sorts spill to disk. Not in incremental runs: their queries are small,
      but the planner sizes hash tables from its estimates up to work_mem, and a
      large work_mem made the small queries slower (int_rebuild_windows: 10 ms
      → 145 ms).
#}
{% macro ayni_session_settings() -%}
    set local jit = off;
    {%- if ayni_scope() is none %}
    set local work_mem = '{{ var("work_mem", "128MB") }}';
    {%- endif %}
{%- endmacro %}
