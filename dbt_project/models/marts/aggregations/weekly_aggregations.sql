{{ time_aggregation('week') }}
