{#-
    What this run rebuilds: one row per time grain and company of the scope
    (macros/scope.sql). Every incremental model rebuilds a scoped company whole, at
    every grain, so the window is the whole company (window_start and window_end
    null). Empty without a scope (a full build). Nothing in the project reads it: it
    records, for whoever asks, what the last upload's run rebuilt
    (tests/integration/test_warehouse.py reads it). The name is from when a run
    rebuilt windows of periods.
-#}
{{ config(materialized='table', tags=['per_upload']) }}

{%- set scope = ayni_scope() or [] %}
{%- set companies = scope | map(attribute='company_id') | unique | sort %}

select
    grains.grain,
    cast(companies.company_id as bigint) as company_id,
    cast(null as date) as window_start,
    cast(null as date) as window_end

from (values ('day'), ('week'), ('month'), ('quarter'), ('year')) as grains (grain)
cross join unnest(array[{{ companies | join(', ') }}]::bigint[]) as companies (company_id)
