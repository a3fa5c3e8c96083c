{#
    Pre-hook of every model (dbt_project.yml): settings local to the model's
    transaction.

    - jit off: JIT compilation never paid for these queries (measured at 1M lines:
      the same or slower), and a bad row estimate once made the planner compile
      for ~0.9 s a query that runs in milliseconds.
    - work_mem (var `work_mem`, 128MB), in full mode only (no scope, or
      --full-refresh): a full build sorts every line for count(distinct ...), and
      with PostgreSQL's default (4MB) those sorts spill to disk. Not in an upload's
      run (macros/scope.sql): its queries read one company, and the planner sizes
      hash tables from its estimates up to work_mem (a large one made small queries
      slower: 10 ms → 145 ms).
#}
{% macro ayni_session_settings() -%}
    set local jit = off;
    {%- if ayni_scope() is none %}
    set local work_mem = '{{ var("work_mem", "128MB") }}';
    {%- endif %}
{%- endmacro %}
