"""Reading sales files, mapping them to the canonical line, validating and bulk loading."""
