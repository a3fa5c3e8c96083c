{{ time_aggregation('day') }}
