"""The editors' review desk: a small local web app over the report (Starlette, Jinja2, no JavaScript).

An editor records rulings and adds articles here; the desk validates a ruling exactly as the pipeline does
(`pipeline.staging.rulings`' Pandera model, then `pipeline/curated/rulings.sql`'s checks inside a transaction that is
rolled back), appends it atomically to `raw/rulings/rulings.csv`, and asks a re-run callable to bring the warehouse
and the report up to date. This package never imports Dagster: the re-run is given to it (`assets/desk.py` binds
one to the project's definitions and Dagster instance).
"""
