"""Lab 1 fallback data step: reviews with star ratings from the Hugging Face hub, as Parquet
in the old Amazon Customer Reviews columns, for when the synthetic reviews cannot be read.

Reads McAuley-Lab/Amazon-Reviews-2023's file for one category (JSON lines: rating, title,
text, timestamp in milliseconds; no loading script), keeps the first --max-rows reviews
that have a text and a rating of 1 to 5, and writes

  <output>/product_category=<Category>/part-0.parquet
      review_id string, star_rating int64, review_headline string, review_body string,
      year int64

which is what lab 1's Athena table reads. The dataset states no licence: research use.
"""
import argparse
import datetime
import json
import os
import sys
import time
import urllib.error
import urllib.request

import pyarrow as pa
import pyarrow.parquet as pq

REPO = "McAuley-Lab/Amazon-Reviews-2023"
SCHEMA = pa.schema([
    ("review_id", pa.string()),
    ("star_rating", pa.int64()),
    ("review_headline", pa.string()),
    ("review_body", pa.string()),
    ("year", pa.int64()),
])


def fail(message):
    sys.exit(f"fetch_reviews.py: {message}")


def open_url(url, attempts, wait):
    """The response for url, retrying network errors, 429 and 5xx with a doubling wait."""
    for attempt in range(1, attempts + 1):
        try:
            return urllib.request.urlopen(
                urllib.request.Request(url, headers={"User-Agent": "labguide-fetch"}), timeout=60)
        except urllib.error.HTTPError as e:
            if e.code != 429 and e.code < 500:
                fail(f"{url} answered HTTP {e.code}")
            error = f"HTTP {e.code}"
        except (urllib.error.URLError, OSError) as e:
            error = str(getattr(e, "reason", e))
        if attempt == attempts:
            fail(f"{url} failed {attempts} times, last: {error}")
        print(f"retry {attempt}/{attempts - 1} in {wait:g}s: {url}: {error}", flush=True)
        time.sleep(wait)
        wait *= 2


def review(line, n):
    """One JSON line as a row of ours, or None when it has no text or no usable rating."""
    try:
        item = json.loads(line)
        rating = float(item.get("rating"))
    except (ValueError, TypeError, AttributeError):
        return None
    text = " ".join(str(item.get("text") or "").split())
    if not text or rating != int(rating) or not 1 <= rating <= 5:
        return None
    try:
        year = datetime.datetime.fromtimestamp(int(item.get("timestamp")) / 1000,
                                               tz=datetime.timezone.utc).year
    except (ValueError, TypeError, OverflowError, OSError):
        year = None
    return {"review_id": f"hf-{n}", "star_rating": int(rating),
            "review_headline": str(item.get("title") or ""), "review_body": text, "year": year}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--category", default="Video_Games")
    p.add_argument("--max-rows", type=int, default=100_000, help="reviews kept, from the start of the file")
    p.add_argument("--output", default="/opt/ml/processing/output/reviews")
    p.add_argument("--attempts", type=int, default=5)
    p.add_argument("--retry-wait", type=float, default=2.0)
    args = p.parse_args()
    if args.max_rows < 1:
        fail(f"--max-rows must be at least 1, got {args.max_rows}")
    base = os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")
    url = f"{base}/datasets/{REPO}/resolve/main/raw/review_categories/{args.category}.jsonl"

    rows, read, skipped = [], 0, 0
    with open_url(url, args.attempts, args.retry_wait) as r:
        for raw in r:
            if len(rows) >= args.max_rows:
                break
            read += 1
            row = review(raw.decode("utf-8", errors="replace"), read)
            if row is None:
                skipped += 1
            else:
                rows.append(row)
    if not rows:
        fail(f"no usable reviews in the first {read} lines of {url}")

    folder = os.path.join(args.output, f"product_category={args.category}")
    os.makedirs(folder, exist_ok=True)
    part = os.path.join(folder, "part-0.parquet.part")
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), part, compression="snappy")
    # Renamed when whole: the upload never takes a half-written file.
    os.replace(part, os.path.join(folder, "part-0.parquet"))
    by = {r: sum(1 for x in rows if x["star_rating"] == r) for r in range(1, 6)}
    print(f"read={read} kept={len(rows)} skipped={skipped} "
          + " ".join(f"rating_{r}={n}" for r, n in by.items()), flush=True)


if __name__ == "__main__":
    main()
