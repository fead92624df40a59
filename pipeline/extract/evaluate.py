"""Score the extractor (and the quantulum3 baseline) against a labelled gold set of page files.

Usage: `python -m pipeline.extract.evaluate --gold tests/gold/seeds_gold.csv --pages raw/articles`

A prediction matches a gold row when one of its value spans overlaps a place where the row's `exact_text`
stands in the page (or, failing that, when the texts are equal). Claims precision and recall count in-scope
predictions against in-scope gold rows; the fields are scored on the matched in-scope pairs. Then comes
`claims precision=P recall=R value_accuracy=V measure_accuracy=M attribution_accuracy=A` for our extractor.

When the gold also has `page_published_on` and `expected_verdict` (every defensible verdict, `|`-separated), the
pages are run through the real pipeline (staging and curated, in a temporary warehouse on a copy of `raw/` whose
articles are the pages, with a manifest giving each page's URL and date) and the last line is
`verdicts found=F/N acceptable=A/F end_to_end=E`: N in-scope gold rows with an expected verdict, F of them found,
A of those whose verdict is one of the expected ones, E = A/N.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipeline.extract.baseline import baseline_quantities
from pipeline.extract.claims import extract_claims
from pipeline.extract.dates import find_page_date
from pipeline.extract.model import Claim

GOLD_COLUMNS = (
    "page_file", "exact_text", "normalized_value", "value_qualifier", "unit", "measure", "subject",
    "reference_period", "attributed_source", "in_scope",
)  # fmt: skip
FIELDS = ("value", "qualifier", "unit", "measure", "subject", "reference_period", "attributed_source")
EMPTY = {"", "unknown", "none"}
"""Field values that mean "not stated" when counting precision and recall of a field."""

URL_LINE = re.compile(r"https?://\S+")
"""A page file whose first line is a bare URL: that line is the document URL, not text."""
YEAR_OR_RANGE = re.compile(r"\b((?:19|20)\d{2})(?:\s?[-–]\s?(\d{2})\b(?!\d))?")
MONTH_WORD = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VERDICT_COLUMNS = ("page_published_on", "expected_verdict")
"""Gold columns that make a gold set a verdict gold set too (the development set has them)."""


@dataclass(frozen=True)
class GoldRow:
    page_file: str
    exact_text: str
    value: float
    qualifier: str
    unit: str
    measure: str
    subject: str
    reference_period: str
    attributed_source: str
    in_scope: bool
    published_on: str = ""
    """`page_published_on` (YYYY-MM-DD) when the gold gives the page's date, else empty."""
    expected_verdicts: tuple[str, ...] = ()
    """Every defensible verdict of an in-scope claim (verdict gold sets only)."""


@dataclass
class Prediction:
    """What an extractor says about one figure in a page, in the gold set's terms."""

    page_file: str
    spans: list[tuple[int, int]]
    value_text: str
    value: float
    qualifier: str = "exact"
    unit: str = ""
    measure: str = "unknown"
    subject: str = "unknown"
    reference_period: str = ""
    attributed_source: str = ""
    in_scope: bool = True
    verdict: str = ""
    """The pipeline's verdict (verdict evaluation only), with its evidence and the claim's place."""
    evidence: str = ""
    geography: str = ""


@dataclass
class Scores:
    precision: float
    recall: float
    matched: int
    predicted: int
    gold: int
    fields: dict[str, tuple[float, float]] = field(default_factory=dict)
    """Field -> (precision, recall) on matched in-scope pairs."""
    accuracy: dict[str, float] = field(default_factory=dict)
    """Field -> share of matched in-scope pairs where the field is right (empty == empty counts as right)."""


def load_gold(path: Path) -> list[GoldRow]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = set(GOLD_COLUMNS) - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: gold file lacks columns {sorted(missing)}")
        return [
            GoldRow(
                page_file=row["page_file"].strip(),
                exact_text=row["exact_text"],
                value=float(row["normalized_value"]),
                qualifier=row["value_qualifier"].strip(),
                unit=row["unit"].strip(),
                measure=row["measure"].strip() or "unknown",
                subject=row["subject"].strip() or "unknown",
                reference_period=row["reference_period"].strip(),
                attributed_source=row["attributed_source"].strip(),
                in_scope=row["in_scope"].strip().lower() == "yes",
                published_on=(row.get("page_published_on") or "").strip(),
                expected_verdicts=tuple(v.strip() for v in (row.get("expected_verdict") or "").split("|")
                                        if v.strip()),
            )
            for row in reader
        ]


def has_verdicts(path: Path) -> bool:
    """Whether a gold file labels verdicts too (it has the `page_published_on` and `expected_verdict` columns)."""
    with open(path, newline="", encoding="utf-8") as handle:
        return set(VERDICT_COLUMNS) <= set(csv.DictReader(handle).fieldnames or ())


def read_page(path: Path) -> tuple[str, str | None]:
    """The page text and its URL when the first line is a bare URL."""
    text = path.read_text(encoding="utf-8")
    first, newline, rest = text.partition("\n")
    if newline and URL_LINE.fullmatch(first.strip()):
        return rest, first.strip()
    return text, None


def find_text(page: str, needle: str) -> list[tuple[int, int]]:
    """Where `needle` stands in the page as a whole token (`7%` is not found inside `17%`)."""
    spans = []
    for match in re.finditer(re.escape(needle), page):
        before = page[match.start() - 1] if match.start() else " "
        after = page[match.end()] if match.end() < len(page) else " "
        if not (before.isalnum() or before in ".,") and not (after.isdigit()):
            spans.append(match.span())
    return spans


def claim_prediction(page_file: str, claim: Claim) -> Prediction:
    period = claim.reference_period or ""
    if not period and claim.period_from_document_date and claim.period_start:
        period = claim.period_start.isoformat()
    return Prediction(
        page_file=page_file,
        spans=[(claim.value_start, claim.value_end)] + [(o.value_start, o.value_end) for o in claim.occurrences],
        value_text=claim.value_text,
        value=claim.value,
        qualifier=claim.qualifier,
        unit=claim.unit,
        measure=claim.measure,
        subject=claim.subject,
        reference_period=period,
        attributed_source=claim.attributed_source or "",
        in_scope=claim.in_scope,
    )


def ours(page_file: str, text: str, url: str | None = None) -> list[Prediction]:
    """Our extractor on one page; its date comes from its header or its URL, as a manifest would give it."""
    return [claim_prediction(page_file, c) for c in extract_claims(text, find_page_date(text, url), url)]


def baseline(page_file: str, text: str) -> list[Prediction]:
    return [
        Prediction(
            page_file=page_file,
            spans=list(q["spans"]),
            value_text=q["value_text"],
            value=q["value"],
            qualifier=q["qualifier"],
            unit=q["unit"],
        )
        for q in baseline_quantities(text)
    ]


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def match(gold: Sequence[GoldRow], predictions: Sequence[Prediction], pages: dict[str, str]) -> list[tuple[int, int]]:
    """One-to-one (gold index, prediction index) pairs, greatest span overlap first, then equal text."""
    candidates: list[tuple[float, int, int]] = []
    for g, row in enumerate(gold):
        places = find_text(pages.get(row.page_file, ""), row.exact_text)
        for p, prediction in enumerate(predictions):
            if prediction.page_file != row.page_file:
                continue
            best = max((overlap(s, place) for s in prediction.spans for place in places), default=0)
            if best == 0 and not places and prediction.value_text.casefold() == row.exact_text.casefold():
                best = 0.5
            if best > 0:
                candidates.append((best, g, p))
    pairs, used_gold, used_pred = [], set(), set()
    for _, g, p in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if g not in used_gold and p not in used_pred:
            pairs.append((g, p))
            used_gold.add(g)
            used_pred.add(p)
    return sorted(pairs)


def period_key(period: str) -> tuple[object, ...] | None:
    """Compare periods by the years and months they name: `from 2024 to 2034` == `2024-2034`."""
    period = period.strip()
    if period.lower() in EMPTY:
        return None
    if ISO_DATE.match(period):
        return ("date", period)
    years: set[int] = set()
    for match_ in YEAR_OR_RANGE.finditer(period):
        first = int(match_.group(1))
        years.add(first)
        if match_.group(2):
            years.add(first // 100 * 100 + int(match_.group(2)))
    months = {m.group(1).lower() for m in MONTH_WORD.finditer(period)}
    return (tuple(sorted(years)), tuple(sorted(months)))


def values_equal(a: float, b: float) -> bool:
    return abs(a - b) <= max(1e-6, 1e-4 * max(abs(a), abs(b)))


def field_values(name: str, row: GoldRow, prediction: Prediction) -> tuple[object, object]:
    """The gold and predicted values of one field, normalised for comparison (None = not stated)."""
    if name == "value":
        return row.value, prediction.value
    if name == "reference_period":
        return period_key(row.reference_period), period_key(prediction.reference_period)
    gold_value, predicted = str(getattr(row, name)), str(getattr(prediction, name))
    normalise: Callable[[str], str | None] = lambda v: None if v.strip().lower() in EMPTY else v.strip().casefold()  # noqa: E731
    return normalise(gold_value), normalise(predicted)


def field_equal(name: str, row: GoldRow, prediction: Prediction) -> bool:
    gold_value, predicted = field_values(name, row, prediction)
    if name == "value":
        return values_equal(float(gold_value), float(predicted))  # type: ignore[arg-type]
    return gold_value == predicted


def ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def score(gold: Sequence[GoldRow], predictions: Sequence[Prediction], pairs: Sequence[tuple[int, int]]) -> Scores:
    """Claims precision/recall on in-scope rows, and per-field precision/recall on matched in-scope pairs."""
    in_gold = [g for g, row in enumerate(gold) if row.in_scope]
    in_pred = [p for p, prediction in enumerate(predictions) if prediction.in_scope]
    good = [(g, p) for g, p in pairs if gold[g].in_scope and predictions[p].in_scope]
    result = Scores(
        precision=ratio(len(good), len(in_pred)),
        recall=ratio(len(good), len(in_gold)),
        matched=len(good),
        predicted=len(in_pred),
        gold=len(in_gold),
    )
    for name in FIELDS:
        right = stated_right = stated_pred = stated_gold = gold_right = 0
        for g, p in good:
            gold_value, predicted = field_values(name, gold[g], predictions[p])
            equal = field_equal(name, gold[g], predictions[p])
            right += equal
            if predicted is not None:
                stated_pred += 1
                stated_right += equal
            if gold_value is not None:
                stated_gold += 1
                gold_right += equal
        result.fields[name] = (ratio(stated_right, stated_pred), ratio(gold_right, stated_gold))
        result.accuracy[name] = ratio(right, len(good))
    scope_pairs = [(gold[g].in_scope, predictions[p].in_scope) for g, p in pairs]
    both = sum(g and p for g, p in scope_pairs)
    result.fields["in_scope"] = (
        ratio(both, sum(p for _, p in scope_pairs)),
        ratio(both, sum(g for g, _ in scope_pairs)),
    )
    return result


def summary_line(scores: Scores) -> str:
    return (
        f"claims precision={scores.precision:.3f} recall={scores.recall:.3f} "
        f"value_accuracy={scores.accuracy['value']:.3f} measure_accuracy={scores.accuracy['measure']:.3f} "
        f"attribution_accuracy={scores.accuracy['attributed_source']:.3f}"
    )


def table(results: dict[str, Scores]) -> str:
    names = list(results)
    header = f"{'field':<20}" + "".join(f"{n + ' P':>16}{n + ' R':>16}" for n in names)
    lines = [header, "-" * len(header)]
    lines.append(f"{'claims':<20}" + "".join(f"{results[n].precision:>16.3f}{results[n].recall:>16.3f}" for n in names))
    for name in (*FIELDS, "in_scope"):
        lines.append(
            f"{name:<20}"
            + "".join(f"{results[n].fields[name][0]:>16.3f}{results[n].fields[name][1]:>16.3f}" for n in names)
        )
    return "\n".join(lines)


def load_pages(gold: Sequence[GoldRow], pages_dir: Path) -> dict[str, str]:
    pages = {}
    for page_file in sorted({row.page_file for row in gold}):
        path = pages_dir / page_file
        if not path.exists():
            raise FileNotFoundError(f"gold names {page_file}, which is not in {pages_dir}")
        pages[page_file] = read_page(path)[0]
    return pages


def load_urls(gold: Sequence[GoldRow], pages_dir: Path) -> dict[str, str | None]:
    """The URL on each page file's first line (None when it has none)."""
    return {page_file: read_page(pages_dir / page_file)[1] for page_file in sorted({row.page_file for row in gold})}


def evaluate(
    gold: Sequence[GoldRow], pages: dict[str, str], extractor: Callable[[str, str], list[Prediction]]
) -> tuple[Scores, list[Prediction], list[tuple[int, int]]]:
    predictions = [p for page_file, text in pages.items() for p in extractor(page_file, text)]
    pairs = match(gold, predictions, pages)
    return score(gold, predictions, pairs), predictions, pairs


def describe_errors(
    gold: Sequence[GoldRow], predictions: Sequence[Prediction], pairs: Sequence[tuple[int, int]]
) -> list[str]:
    """Misses, false positives and wrong fields of in-scope claims, for a reviewer."""
    lines = []
    matched_gold = {g for g, _ in pairs}
    matched_pred = {p for _, p in pairs}
    for g, row in enumerate(gold):
        if row.in_scope and g not in matched_gold:
            lines.append(f"MISS  {row.page_file}: {row.exact_text!r}")
    for p, prediction in enumerate(predictions):
        if prediction.in_scope and p not in matched_pred:
            lines.append(f"EXTRA {prediction.page_file}: {prediction.value_text!r} ({prediction.measure})")
    for g, p in pairs:
        if not gold[g].in_scope or not predictions[p].in_scope:
            if gold[g].in_scope != predictions[p].in_scope:
                lines.append(f"SCOPE {gold[g].page_file}: {gold[g].exact_text!r} gold={gold[g].in_scope}")
            continue
        for name in FIELDS:
            if not field_equal(name, gold[g], predictions[p]):
                expected, got = field_values(name, gold[g], predictions[p])
                lines.append(f"FIELD {gold[g].page_file}: {gold[g].exact_text!r} {name}: gold={expected} got={got}")
    return lines


@dataclass
class VerdictScores:
    expected: int
    """In-scope gold rows with an expected verdict (N)."""
    found: int
    """Those matched to an in-scope claim of the pipeline (F)."""
    acceptable: int
    """Found ones whose verdict is one of the expected ones (A)."""

    @property
    def end_to_end(self) -> float:
        return ratio(self.acceptable, self.expected)


def write_articles(articles_dir: Path, gold: Sequence[GoldRow], pages_dir: Path) -> None:
    """Replace the articles of a raw/ copy with the gold's pages and a manifest (URL from the first line, date
    from `page_published_on`): the pages enter the pipeline as a user's saved articles would."""
    shutil.rmtree(articles_dir, ignore_errors=True)
    articles_dir.mkdir(parents=True)
    dates = {row.page_file: row.published_on for row in gold if row.published_on}
    with (articles_dir / "manifest.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "title", "url", "published_on", "publisher", "sha256", "origin"])
        for page_file in sorted({row.page_file for row in gold}):
            shutil.copyfile(pages_dir / page_file, articles_dir / page_file)
            url = read_page(pages_dir / page_file)[1] or ""
            writer.writerow([page_file, Path(page_file).stem, url, dates.get(page_file, ""), "", "", "evaluation"])


def run_pipeline(raw_dir: Path, warehouse: Path) -> None:
    """Staging then every curated table, as the Dagster job runs them, into the DuckDB file `warehouse`."""
    from pipeline.curated import tables
    from pipeline.staging.sources import load_all

    with duckdb.connect(str(warehouse)) as con:
        load_all(con, raw_dir)
        tables.build_all(con)


PIPELINE_CLAIMS_SQL = """
    SELECT c.document_id, c.claim_id, c.value_start, c.value_end, c.value_text, c.value, c.in_scope, c.measure,
           c.subject, c.geography, v.verdict, v.evidence,
           list(o.value_start ORDER BY o.value_start) FILTER (WHERE o.value_start IS NOT NULL) AS starts,
           list(o.value_end ORDER BY o.value_start) FILTER (WHERE o.value_start IS NOT NULL) AS ends
    FROM staging.claims AS c
    JOIN curated.claim_verdicts AS v ON v.observation_id = 'claim:' || c.claim_id
    LEFT JOIN staging.claim_occurrences AS o USING (claim_id)
    GROUP BY ALL ORDER BY c.document_id, c.value_start
"""


def pipeline_predictions(gold: Sequence[GoldRow], pages_dir: Path, raw_source: Path,
                         keep: Path | None = None) -> list[Prediction]:
    """Every claim the pipeline finds in the gold's pages, with its verdict, from a temporary warehouse (copied to
    `keep` when given, to look into)."""
    with tempfile.TemporaryDirectory(prefix="medcoder-evaluate-") as tmp:
        raw_dir = Path(tmp) / "raw"
        shutil.copytree(raw_source, raw_dir, ignore=shutil.ignore_patterns("articles"))
        write_articles(raw_dir / "articles", gold, pages_dir)
        rulings = raw_dir / "rulings" / "rulings.csv"
        if rulings.exists():  # rulings name the repository's claims and conflicts, not the pages'
            rulings.write_text(rulings.read_text(encoding="utf-8").partition("\n")[0] + "\n", encoding="utf-8")
        warehouse = Path(tmp) / "evaluate.duckdb"
        run_pipeline(raw_dir, warehouse)
        with duckdb.connect(str(warehouse), read_only=True) as con:
            rows = con.execute(PIPELINE_CLAIMS_SQL).fetchall()
        if keep is not None:
            shutil.copyfile(warehouse, keep)
    return [
        Prediction(page_file=f"{document_id}.txt", spans=[(start, end), *zip(starts or [], ends or [], strict=True)],
                   value_text=value_text, value=value, measure=measure, subject=subject, in_scope=in_scope,
                   verdict=verdict, evidence=evidence or "", geography=geography or "")
        for (document_id, _, start, end, value_text, value, in_scope, measure, subject, geography, verdict,
             evidence, starts, ends) in rows
    ]


def score_verdicts(gold: Sequence[GoldRow], predictions: Sequence[Prediction],
                   pairs: Sequence[tuple[int, int]]) -> VerdictScores:
    expected = [g for g, row in enumerate(gold) if row.in_scope and row.expected_verdicts]
    found = {g: p for g, p in pairs if g in set(expected) and predictions[p].in_scope}
    acceptable = sum(predictions[p].verdict in gold[g].expected_verdicts for g, p in found.items())
    return VerdictScores(expected=len(expected), found=len(found), acceptable=acceptable)


def verdict_line(scores: VerdictScores) -> str:
    return (f"verdicts found={scores.found}/{scores.expected} acceptable={scores.acceptable}/{scores.found} "
            f"end_to_end={scores.end_to_end:.3f}")


def describe_verdict_errors(gold: Sequence[GoldRow], predictions: Sequence[Prediction],
                            pairs: Sequence[tuple[int, int]]) -> list[str]:
    """Found claims whose verdict is not among the expected ones: page, text, ours, expected (and our evidence)."""
    lines = []
    for g, p in pairs:
        row, prediction = gold[g], predictions[p]
        if row.in_scope and prediction.in_scope and row.expected_verdicts \
                and prediction.verdict not in row.expected_verdicts:
            lines.append(f"VERDICT {row.page_file}: {row.exact_text!r} ({prediction.measure}, "
                         f"{prediction.geography}) ours={prediction.verdict} "
                         f"expected={'|'.join(row.expected_verdicts)}: {prediction.evidence}")
    return lines


def evaluate_verdicts(gold: Sequence[GoldRow], pages: dict[str, str], pages_dir: Path, raw_source: Path,
                      keep: Path | None = None) -> tuple[VerdictScores, list[str]]:
    """Run the pages through the pipeline and score its verdicts; also the unacceptable ones, for a reviewer."""
    predictions = pipeline_predictions(gold, pages_dir, raw_source, keep)
    pairs = match(gold, predictions, pages)
    return score_verdicts(gold, predictions, pairs), describe_verdict_errors(gold, predictions, pairs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--pages", type=Path, required=True)
    parser.add_argument("--no-baseline", action="store_true", help="skip quantulum3 (it takes seconds to load)")
    parser.add_argument("--errors", action="store_true",
                        help="list misses, extras and wrong fields of ours, and unacceptable verdicts")
    parser.add_argument("--raw", type=Path, default=None,
                        help="the raw/ whose official figures verdicts rest on (default: the repository's)")
    parser.add_argument("--keep-warehouse", type=Path, default=None,
                        help="copy the verdict evaluation's DuckDB file here, to look into")
    args = parser.parse_args(argv)
    gold = load_gold(args.gold)
    pages = load_pages(gold, args.pages)
    results: dict[str, Scores] = {}
    urls = load_urls(gold, args.pages)
    ours_scores, predictions, pairs = evaluate(gold, pages, lambda page, text: ours(page, text, urls.get(page)))
    results["ours"] = ours_scores
    if not args.no_baseline:
        results["quantulum3"] = evaluate(gold, pages, baseline)[0]
    print(f"gold: {args.gold} ({len(gold)} rows, {ours_scores.gold} in scope) pages: {args.pages} ({len(pages)})")
    if args.errors:
        print("\n".join(describe_errors(gold, predictions, pairs)))
    print(table(results))
    for name, scores in results.items():
        if name != "ours":
            print(f"{name}: {summary_line(scores)}")
    print(summary_line(ours_scores))
    if has_verdicts(args.gold):
        from pipeline.settings import paths_from_env

        raw_source = args.raw or paths_from_env().raw_dir
        verdicts, verdict_errors = evaluate_verdicts(gold, pages, args.pages, raw_source, args.keep_warehouse)
        if args.errors and verdict_errors:
            print("\n".join(verdict_errors))
        print(verdict_line(verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
