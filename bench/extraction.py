"""Benchmark: claim extraction throughput in MB of text per second, ours against quantulum3.

Not a timed test: run `python bench/extraction.py`. The corpus repeats the seed articles (raw/articles, or
../shared/seeds beside the repository) to a few MB, one document per copy, as the pipeline would feed them; a second
corpus repeats the development pages (../shared/data/dev_pages/pages: tables, career sites, survey news), which are
denser in numbers, to about 1 MB.
quantulum3 is much slower, so it runs on a slice of the same documents and its time is scaled to the full corpus.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline.extract.baseline import parse_quantities  # noqa: E402
from pipeline.extract.claims import extract_claims  # noqa: E402
from pipeline.extract.dates import find_document_date  # noqa: E402

TARGET_BYTES = 4_000_000
LARGE_ARTICLE_BYTES = 6_000_000
"""One article this large (the seeds repeated in one text): extraction time must stay linear in text size."""
DEV_PAGES = REPO.parent / "shared" / "data" / "dev_pages" / "pages"
DEV_PAGES_BYTES = 1_000_000
BASELINE_BYTES = 300_000
"""quantulum3 runs on this much text (after a warm-up) and is scaled to the corpus size."""


def seed_texts() -> list[str]:
    for folder in (REPO / "raw" / "articles", REPO.parent / "shared" / "seeds"):
        texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("0*.txt"))]
        if len(texts) >= 5:
            return texts
    raise SystemExit("no seed articles found in raw/articles or ../shared/seeds")


def corpus(texts: list[str], target: int) -> list[str]:
    documents, size = [], 0
    while size < target:
        for text in texts:
            documents.append(text)
            size += len(text.encode("utf-8"))
    return documents


def megabytes(documents: list[str]) -> float:
    return sum(len(d.encode("utf-8")) for d in documents) / 1e6


def main() -> None:
    documents = corpus(seed_texts(), TARGET_BYTES)
    size = megabytes(documents)
    extract_claims(documents[0])  # load the vocabulary once, as the pipeline does
    started = time.perf_counter()
    claims = sum(len(extract_claims(d, find_document_date(d))) for d in documents)
    seconds = time.perf_counter() - started
    print(f"ours:       {size:.2f} MB in {seconds:.2f} s = {size / seconds:.2f} MB/s ({claims} claims)")

    dev_rate = ""
    if dev_texts := [p.read_text(encoding="utf-8") for p in sorted(DEV_PAGES.glob("*.txt"))]:
        dev = corpus(dev_texts, DEV_PAGES_BYTES)
        dev_size = megabytes(dev)
        started = time.perf_counter()
        dev_claims = sum(len(extract_claims(d, find_document_date(d))) for d in dev)
        dev_seconds = time.perf_counter() - started
        dev_rate = f"{dev_size / dev_seconds:.3f}"
        print(f"dev pages:  {dev_size:.2f} MB in {dev_seconds:.2f} s = {dev_rate} MB/s ({dev_claims} claims)")

    large = "\n\n".join(seed_texts()) + "\n\n"
    large = large * (LARGE_ARTICLE_BYTES // len(large.encode("utf-8")) + 1)
    large_size = len(large.encode("utf-8")) / 1e6
    started = time.perf_counter()
    large_claims = len(extract_claims(large))
    large_seconds = time.perf_counter() - started
    print(
        f"large:      one article of {large_size:.2f} MB in {large_seconds:.2f} s = "
        f"{large_size / large_seconds:.2f} MB/s ({large_claims} claims)"
    )

    parse_quantities("warm-up: 5% of 20 coders")
    sample = corpus(seed_texts(), BASELINE_BYTES)
    sample_size = megabytes(sample)
    started = time.perf_counter()
    quantities = sum(len(parse_quantities(d)) for d in sample)
    sample_seconds = time.perf_counter() - started
    baseline_seconds = sample_seconds * size / sample_size
    print(
        f"quantulum3: {sample_size:.2f} MB in {sample_seconds:.2f} s = {sample_size / sample_seconds:.2f} MB/s "
        f"({quantities} quantities); scaled to {size:.2f} MB: {baseline_seconds:.2f} s"
    )
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"name=claim_extraction seconds={seconds:.3f} mb_per_s={size / seconds:.3f} dev_pages_mb_per_s={dev_rate} "
        f"large_article_seconds="
        f"{large_seconds:.3f} peak_rss_mb={peak_rss_mb:.1f} floor_seconds= "
        f"baseline_seconds={baseline_seconds:.3f} speedup={baseline_seconds / seconds:.2f}"
    )


if __name__ == "__main__":
    main()
