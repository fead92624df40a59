"""`python -m pipeline.publish.docs`: write docs/warehouse.md, the readers' guide to the published warehouse.

Its table sections come from the contracts of the published tables, in the order they are built, so the page
cannot drift from the tables (tests/test_contract.py compares the file with this output).
"""

from __future__ import annotations

import sys

from jinja2 import Environment, FileSystemLoader

from pipeline.publish.release import HERE, PUBLISHED, RELEASE_INFO
from pipeline.settings import REPO_ROOT

DOCS = REPO_ROOT / "docs" / "warehouse.md"
TEMPLATE = "warehouse.md.j2"


def render_docs() -> str:
    env = Environment(loader=FileSystemLoader(HERE), autoescape=False, trim_blocks=True, lstrip_blocks=True,
                      keep_trailing_newline=True)
    env.filters["tick"] = lambda value: f"`{value}`"
    contracts = [table.contract for table in PUBLISHED] + [RELEASE_INFO]
    return env.get_template(TEMPLATE).render(contracts=contracts)


def main() -> int:
    DOCS.write_text(render_docs(), encoding="utf-8")
    print(f"wrote {DOCS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
