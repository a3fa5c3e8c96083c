{{ dimension_aggregation('category') }}
