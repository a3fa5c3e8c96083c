{{ time_aggregation('month') }}
