"""The web app: one entrypoint (app.py) that routes to pages built from who is logged in."""
