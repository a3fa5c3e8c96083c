"""RQ jobs and their chaining: the glue that runs loaders, the engine and dbt for an upload."""
