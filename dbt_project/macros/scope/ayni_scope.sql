{#
    The aggregation scope of this run: which companies and which days changed.

    The worker passes it (README.md, "Incremental builds") as the var `ayni_scope`
    or, to keep dbt's partial parsing (a changed --vars forces a full re-parse), as
    the same JSON in the environment variable AYNI_DBT_SCOPE:

        [{"company_id": 3, "date_from": "2025-07-01", "date_to": "2025-09-30"},
         {"company_id": 5}]

    - one entry per changed date range (several per company allowed); the lines of
      the company inside [date_from, date_to] (days, inclusive) may have been added,
      updated or removed, nothing else changed;
    - an entry without dates: every line of the company may have changed;
    - absent (no var, no environment variable), null, or `--full-refresh`: full
      mode, every model is built from every line.

    Returns the validated list (dates as ISO strings) or none for full mode.
#}
{% macro ayni_scope() -%}
    {%- if flags.FULL_REFRESH -%}
        {{ return(none) }}
    {%- endif -%}
    {%- set given = var('ayni_scope', none) -%}
    {%- if given is none and execute -%}
        {#- Read at execution only: an env_var read while parsing would be tracked and
            force a re-parse of the files using it whenever the scope changes. -#}
        {%- set text = env_var('AYNI_DBT_SCOPE', '') | trim -%}
        {%- if text -%}
            {%- set given = fromjson(text) -%}
        {%- endif -%}
    {%- endif -%}
    {%- if given is string -%}
        {%- set given = fromjson(given) -%}
    {%- endif -%}
    {%- if given is none -%}
        {{ return(none) }}
    {%- endif -%}
    {{ return(_ayni_validate_scope(given)) }}
{%- endmacro %}


{% macro _ayni_validate_scope(given) -%}
    {%- if given is mapping or given is string or given is not iterable -%}
        {{ exceptions.raise_compiler_error("ayni_scope must be a list of {company_id, date_from, date_to} objects, got: " ~ given) }}
    {%- endif -%}
    {%- set entries = [] -%}
    {%- for entry in given -%}
        {%- if entry is not mapping or entry.get('company_id') is none -%}
            {{ exceptions.raise_compiler_error("ayni_scope entry without company_id: " ~ entry) }}
        {%- endif -%}
        {%- set company_id = entry['company_id'] | int -%}
        {%- if company_id | string != entry['company_id'] | string or company_id <= 0 -%}
            {{ exceptions.raise_compiler_error("ayni_scope: company_id must be a positive integer: " ~ entry) }}
        {%- endif -%}
        {%- set date_from = entry.get('date_from') -%}
        {%- set date_to = entry.get('date_to') -%}
        {%- if (date_from is none) != (date_to is none) -%}
            {{ exceptions.raise_compiler_error("ayni_scope: give both date_from and date_to, or neither: " ~ entry) }}
        {%- endif -%}
        {%- if date_from is not none -%}
            {%- set date_from = _ayni_iso_date(date_from, entry) -%}
            {%- set date_to = _ayni_iso_date(date_to, entry) -%}
            {%- if date_from > date_to -%}
                {{ exceptions.raise_compiler_error("ayni_scope: date_from after date_to: " ~ entry) }}
            {%- endif -%}
        {%- endif -%}
        {%- do entries.append({'company_id': company_id, 'date_from': date_from, 'date_to': date_to}) -%}
    {%- endfor -%}
    {{ return(entries) }}
{%- endmacro %}


{#  A date given as 'YYYY-MM-DD' (or a date), checked, as an ISO string. #}
{% macro _ayni_iso_date(value, entry) -%}
    {%- set text = value | string -%}
    {%- if not modules.re.match('^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$', text) -%}
        {{ exceptions.raise_compiler_error("ayni_scope: dates are 'YYYY-MM-DD': " ~ entry) }}
    {%- endif -%}
    {%- do modules.datetime.date.fromisoformat(text) -%}
    {{ return(text) }}
{%- endmacro %}


{#
    The companies of the scope, as a SQL list for `company_id in (...)`; `null` when
    the scope is empty (matches nothing).
#}
{% macro ayni_scope_company_list(scope) -%}
    {%- set ids = scope | map(attribute='company_id') | unique | list -%}
    {{- ids | join(', ') if ids else 'null' -}}
{%- endmacro %}


{#
    SQL predicate: the row is inside the scope's changed days (the ranges as given,
    without the periods that depend on them). `date_column` may be a date or a
    timestamp. Full mode (scope none): true.
#}
{% macro ayni_scope_filter(scope, company_column='company_id', date_column='sale_date') -%}
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


{#
    Per company of the scope, the first changed day: lines before it did not change.
    Returns a list of {company_id, date_from} (date_from none = the whole company).
#}
{% macro ayni_scope_first_days(scope) -%}
    {%- set firsts = {} -%}
    {%- for entry in scope -%}
        {%- set key = entry.company_id | string -%}
        {%- if key not in firsts -%}
            {%- do firsts.update({key: {'company_id': entry.company_id, 'date_from': entry.date_from, 'whole': entry.date_from is none}}) -%}
        {%- elif entry.date_from is none or firsts[key]['whole'] -%}
            {%- do firsts[key].update({'date_from': none, 'whole': true}) -%}
        {%- elif entry.date_from < firsts[key]['date_from'] -%}
            {%- do firsts[key].update({'date_from': entry.date_from}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(firsts.values() | list) }}
{%- endmacro %}


{#
    SQL predicate over ayni_scope_first_days() entries: `since` = on or after the
    company's first changed day (every row of a whole-company entry); `before` =
    before it (never, for a whole-company entry).
#}
{% macro ayni_first_days_filter(firsts, column, side='since') -%}
    {%- set entries = firsts if side == 'since' else (firsts | selectattr('date_from') | list) -%}
    {%- if entries | length == 0 -%}
        false
    {%- else -%}
        ({%- for f in entries %}
            {{ 'or ' if not loop.first }}(company_id = {{ f.company_id }}
            {%- if f.date_from is not none %} and {{ column }} {{ '>=' if side == 'since' else '<' }} date '{{ f.date_from }}'{% endif %})
        {%- endfor %}
        )
    {%- endif -%}
{%- endmacro %}
