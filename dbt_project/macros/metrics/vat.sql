{#
    IVA (value added tax, 19 %, var `vat_rate`) of a period's net sales.

    A company says whether its line totals include IVA (app.companies.prices_include_vat,
    true by default, as on a boleta):
      - prices include IVA:  sales_ex_vat = round(net_sales / (1 + rate)),
                             vat          = net_sales - sales_ex_vat;
      - prices exclude IVA:  sales_ex_vat = net_sales,
                             vat          = round(net_sales * rate).
    Amounts are whole pesos (CLP has no decimals), and in the first case
    sales_ex_vat + vat = net_sales exactly. Exempt lines are not modelled yet:
    every line is taxed.
#}
{% macro vat_rate() -%}
    cast({{ var('vat_rate', 0.19) }} as numeric)
{%- endmacro %}


{% macro sales_ex_vat(net_sales, prices_include_vat) -%}
    case
        when {{ prices_include_vat }} then round({{ net_sales }} / (1 + {{ vat_rate() }}))
        else {{ net_sales }}
    end
{%- endmacro %}


{% macro vat_amount(net_sales, prices_include_vat) -%}
    case
        when {{ prices_include_vat }} then {{ net_sales }} - round({{ net_sales }} / (1 + {{ vat_rate() }}))
        else round({{ net_sales }} * {{ vat_rate() }})
    end
{%- endmacro %}
