{#
    The scope of an incremental run: the companies whose lines an upload changed
    (README.md, "Incremental builds"). The worker passes it in the environment
    variable AYNI_DBT_SCOPE (an analyst may give the var `ayni_scope` instead), as
    JSON built by workers/scope.py:

        [{"company_id": 3, "date_from": "2025-07-01", "date_to": "2025-09-30"}, {"company_id": 5}]

    An entry says that the company's lines dated date_from .. date_to (days,
    inclusive) may have been added, changed or removed; an entry without dates, that
    any line of the company may have.

    - int_sales_lines reloads exactly those days (`scoped_days()`): deriving a line
      costs more than anything done with it afterwards;
    - every other incremental model rebuilds the companies of the scope whole: it
      filters its input with `{% if is_incremental() %} where {{ scoped_companies() }}
      {% endif %}` and dbt's delete+insert on unique_key company_id replaces those
      companies' rows (a company is small next to the warehouse, and a whole company
      needs no reasoning about which periods an upload touches).

    ayni_scope() returns the checked entries ({company_id, date_from, date_to}, dates
    as 'YYYY-MM-DD' or none), or none without a scope or with --full-refresh: an
    incremental model then rebuilds every company (a plain `ayni dbt run`). The environment variable is read
    only while models run (`execute`): read while parsing, it would make dbt re-parse
    every model using it whenever the scope changes.
#}
{% macro ayni_scope() -%}
    {%- if flags.FULL_REFRESH -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set given = var('ayni_scope', none) -%}
    {%- if given is none and execute -%}
        {%- set given = env_var('AYNI_DBT_SCOPE', '') | trim -%}
    {%- endif -%}
    {%- if given is string -%}
        {%- if given == '' -%}
            {{ return(none) }}
        {%- endif -%}
        {%- set text = given -%}
        {%- set given = fromjson(text) -%}
        {%- if given is none -%}
            {{ exceptions.raise_compiler_error("AYNI_DBT_SCOPE / ayni_scope is not JSON: " ~ text) }}
        {%- endif -%}
    {%- endif -%}
    {%- if given is none -%}
        {{ return(none) }}
    {%- endif -%}
    {%- if given is mapping or given is not iterable -%}
        {{ exceptions.raise_compiler_error("AYNI_DBT_SCOPE / ayni_scope must be a list of {company_id, date_from, date_to} objects, got: " ~ given) }}
    {%- endif -%}
    {%- set entries = [] -%}
    {%- for entry in given -%}
        {%- set id = entry.get('company_id') if entry is mapping else none -%}
        {%- if id is none or id | string != id | int | string or id | int <= 0 -%}
            {{ exceptions.raise_compiler_error("AYNI_DBT_SCOPE / ayni_scope: an entry needs a positive integer company_id: " ~ entry) }}
        {%- endif -%}
        {%- set days = [] -%}
        {%- for key in ['date_from', 'date_to'] -%}
            {%- set day = entry.get(key) -%}
            {%- if day is not none and not modules.re.match('^\\d{4}-\\d{2}-\\d{2}$', day | string) -%}
                {{ exceptions.raise_compiler_error("AYNI_DBT_SCOPE / ayni_scope: dates are 'YYYY-MM-DD': " ~ entry) }}
            {%- endif -%}
            {%- do days.append(day | string if day is not none else none) -%}
        {%- endfor -%}
        {%- if (days[0] is none) != (days[1] is none) or (days[0] is not none and days[0] > days[1]) -%}
            {{ exceptions.raise_compiler_error("AYNI_DBT_SCOPE / ayni_scope: give date_from <= date_to, or neither: " ~ entry) }}
        {%- endif -%}
        {%- do entries.append({'company_id': id | int, 'date_from': days[0], 'date_to': days[1]}) -%}
    {%- endfor -%}
    {{ return(entries) }}
{%- endmacro %}


{#
    SQL predicate of an incremental model's is_incremental() filter: the row is of a
    company of the scope (`company_id in (3, 5)`, literal, so the (company_id, ...)
    indexes apply). true without a scope, false for an empty one.
#}
{% macro scoped_companies(column='company_id') -%}
    {%- set scope = ayni_scope() -%}
    {%- if scope is none -%}
        true
    {%- elif scope | length == 0 -%}
        false
    {%- else -%}
        {{ column }} in ({{ scope | map(attribute='company_id') | unique | sort | join(', ') }})
    {%- endif -%}
{%- endmacro %}


{#
    SQL predicate: the line is of a changed day of the scope (literal dates, so the
    (company_id, date) indexes apply; `date_column` may be a date or a timestamp), or
    of a company scoped without dates. true without a scope, false for an empty one.
#}
{% macro scoped_days(date_column, company_column='company_id') -%}
    {%- set scope = ayni_scope() -%}
    {%- if scope is none -%}
        true
    {%- elif scope | length == 0 -%}
        false
    {%- else -%}
        ({%- for entry in scope %}
            {{ 'or ' if not loop.first }}({{ company_column }} = {{ entry.company_id }}
            {%- if entry.date_from is not none %} and {{ date_column }} >= date '{{ entry.date_from }}' and {{ date_column }} < date '{{ entry.date_to }}' + 1{% endif %})
        {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}
