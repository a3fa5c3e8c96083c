{{ dimension_aggregation(
    'product',
    extra_columns=[
        ('product_name', 'max(product_name)', 'text'),
        ('category', 'max(category)', 'text'),
    ],
) }}
