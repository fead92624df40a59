"""Dagster asset definitions only, grouped by layer: staging -> curated -> reports -> publish (plus live).

Each asset is a thin wrapper over a plain function in `pipeline/` that is tested on its own.
"""
