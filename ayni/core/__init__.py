"""The ground: settings, database and tenancy, the canonical line, the rules every layer
shares (document types, RUTs, the business clock), audit and messages. It imports no
other AYNI package."""
