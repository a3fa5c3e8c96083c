{#
    IVA (value added tax, 19 %, var `vat_rate`) of each transaction line, and its cost
    without IVA (docs/PRODUCT.md, "IVA").

    A company says whether its line totals include IVA (app.companies.prices_include_vat,
    true by default, as on a boleta) and whether its costs do
    (app.companies.costs_include_vat, false by default: a supplier's invoice shows the
    cost net of IVA, and the IVA crédito is recovered). Per line, signed like the line
    (returns negative):
      - prices include IVA:  sales_ex_vat = round(line_total / (1 + rate)),
                             vat          = line_total - sales_ex_vat;
      - prices exclude IVA:  sales_ex_vat = line_total,
                             vat          = round(line_total * rate);
      - costs include IVA:   cost_ex_vat  = round(cost_total / (1 + rate));
      - costs exclude IVA:   cost_ex_vat  = cost_total;
      - an exempt line carries no IVA: sales_ex_vat = line_total, vat = 0 and
        cost_ex_vat = cost_total (the IVA paid on what is sold exempt is not
        recovered, so it is part of the cost).
    Amounts divided by 1 + rate are whole pesos (CLP has no decimals; PostgreSQL rounds
    halves away from zero, so a return gives back exactly what its sale counted). The
    rounding is per line so that every sum over lines is exact and additive: days add up
    to months, products to the company, and sales_ex_vat + vat = line_total on every
    line when prices include IVA. (A period's IVA can so differ by a few pesos from
    round(net_sales * rate / (1 + rate)) of the period.)

    The marts sum these line values (int_sales_lines): gross_margin = sales_ex_vat - cost
    with cost the summed cost_ex_vat. raw.transactions has no exempt flag yet, so callers
    pass `false`.
#}
{% macro vat_rate() -%}
    cast({{ var('vat_rate', 0.19) }} as numeric)
{%- endmacro %}


{% macro sales_ex_vat(line_total, prices_include_vat, is_exempt='false') -%}
    case
        when {{ is_exempt }} then {{ line_total }}
        when {{ prices_include_vat }} then round({{ line_total }} / (1 + {{ vat_rate() }}))
        else {{ line_total }}
    end
{%- endmacro %}


{% macro vat_amount(line_total, prices_include_vat, is_exempt='false') -%}
    case
        when {{ is_exempt }} then 0
        when {{ prices_include_vat }} then {{ line_total }} - round({{ line_total }} / (1 + {{ vat_rate() }}))
        else round({{ line_total }} * {{ vat_rate() }})
    end
{%- endmacro %}


{% macro cost_ex_vat(cost_total, costs_include_vat, is_exempt='false') -%}
    case
        when {{ is_exempt }} then {{ cost_total }}
        when {{ costs_include_vat }} then round({{ cost_total }} / (1 + {{ vat_rate() }}))
        else {{ cost_total }}
    end
{%- endmacro %}
