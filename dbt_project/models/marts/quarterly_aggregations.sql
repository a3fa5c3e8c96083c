{{ time_aggregation('quarter') }}
