{{ time_aggregation('year') }}
