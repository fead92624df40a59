"""Live BLS sources (opt-in): fetch releases over HTTP, snapshot them into `raw/`, parse them to staging frames.

The embedded snapshot in `raw/` stays the default; nothing here runs unless an analyst asks for live mode.
"""
