{#-
    first_purchase_date (the customer's cohort) is company-wide: an incremental run
    also rebuilds every month of the customers whose first purchase moved.
-#}
{{ dimension_aggregation(
    'customer',
    extra_columns=[
        ('is_identified', 'bool_or(customer_id is not null)', 'boolean'),
    ],
    first_purchase=true,
) }}
