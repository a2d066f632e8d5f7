"""Lab 1 processing step: Athena's review rows in, Autopilot and Comprehend training files out.

Runs in the scikit-learn processing image with its pandas (no pyarrow there). Reads
the CSV files an Athena query wrote (header row, every field double-quoted, bodies may
span lines), drops rows with no body or a rating outside 1..5, downsamples every rating
to the rarest one's count so neither service learns "most reviews are 5 stars", and
splits 90/5/5 into train/validation/test with the same share of each rating in each.
Newlines inside a review become spaces: both services read one document a line.

Writes, under --output:
  autopilot/train.csv   header star_rating,review_body; Autopilot's target is star_rating
  autopilot/test.csv    the same columns, for asking the deployed model
  comprehend/train.csv  no header, label,text: Comprehend's multi-class CSV format
  summary/summary.json  counts per rating before and after balancing, per split, dropped
"""
import argparse
import csv
import json
import os
import sys

import pandas as pd

RATINGS = [1, 2, 3, 4, 5]
REQUIRED = ["star_rating", "review_body"]


def fail(message):
    # One line on stderr and a non-zero exit: what the job log shows as the failure reason.
    sys.exit(f"split.py: {message}")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", default="/opt/ml/processing/input/reviews",
                   help="folder with the Athena query's .csv result files (searched recursively)")
    p.add_argument("--output", default="/opt/ml/processing/output")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--max-per-rating", type=int, default=None,
                   help="cap on rows kept per rating after balancing (smaller, cheaper jobs)")
    p.add_argument("--min-train-rows", type=int, default=500,
                   help="fewest balanced training rows accepted (Autopilot refuses fewer than 500)")
    return p.parse_args()


def csv_files(folder):
    # Athena writes <query-id>.csv beside <query-id>.csv.metadata; only the .csv is data.
    found = []
    for root, _, names in os.walk(folder):
        found += [os.path.join(root, n) for n in names if n.endswith(".csv")]
    return sorted(found)


def read(files):
    frames = []
    for path in files:
        # Everything as text, and "" stays "" rather than NaN: we decide what is bad.
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = [c for c in REQUIRED if c not in frame.columns]
        if missing:
            fail(f"{path} lacks column(s) {', '.join(missing)} (has: {', '.join(frame.columns)}); "
                 f"select star_rating and review_body in the Athena query")
        frames.append(frame[REQUIRED])
    return pd.concat(frames, ignore_index=True)


def clean(rows):
    """Rows with a whole-number rating in 1..5 and a non-empty body; and how many were not."""
    rating = pd.to_numeric(rows["star_rating"].str.strip(), errors="coerce")
    # One document a line for both services: newlines and tabs inside a review become spaces.
    body = rows["review_body"].str.replace(r"\s+", " ", regex=True).str.strip()
    good_rating = rating.isin(RATINGS)  # NaN, 0, 6 and 4.5 all fail this
    good_body = body != ""
    keep = good_rating & good_body
    kept = pd.DataFrame({"star_rating": rating[keep].astype(int), "review_body": body[keep]})
    dropped = {"bad_rating": int((~good_rating).sum()), "empty_body": int((good_rating & ~good_body).sum())}
    return kept.reset_index(drop=True), dropped


def counts(frame):
    by = frame["star_rating"].value_counts()
    return {str(r): int(by.get(r, 0)) for r in RATINGS}


def balance(rows, seed, cap):
    before = counts(rows)
    empty = [r for r, n in before.items() if n == 0]
    if empty:
        fail(f"no usable reviews with star_rating {', '.join(empty)}: every rating is needed to balance; "
             f"widen the Athena query (more categories or years)")
    per_rating = min(before.values())
    if cap is not None:
        per_rating = min(per_rating, cap)
    groups = [rows[rows["star_rating"] == r].sample(n=per_rating, random_state=seed) for r in RATINGS]
    return pd.concat(groups).sample(frac=1, random_state=seed).reset_index(drop=True), per_rating


def split(rows, per_rating, min_train_rows, capped):
    """5 % of each rating for validation and 5 % for test (at least one each), the rest train.

    Whole rows per rating, so every split stays exactly balanced and 90/5/5 holds within
    rounding. (rows is already shuffled, so taking each rating's first rows is a random draw.)
    """
    each = max(1, int(per_rating * 0.05 + 0.5))
    train_rows = (per_rating - 2 * each) * len(RATINGS)
    if train_rows < max(min_train_rows, len(RATINGS)):
        remedy = "raise --max-per-rating" if capped else "query more reviews (the rarest rating sets the size)"
        fail(f"only {train_rows} balanced training rows, fewer than --min-train-rows {min_train_rows}; {remedy}")
    rank = rows.groupby("star_rating").cumcount()  # 0, 1, 2 ... within each rating
    parts = {"train": rows[rank >= 2 * each], "validation": rows[rank < each],
             "test": rows[(rank >= each) & (rank < 2 * each)]}
    return {name: part.reset_index(drop=True) for name, part in parts.items()}


def write_autopilot(path, frame):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    frame[["star_rating", "review_body"]].to_csv(path, index=False, quoting=csv.QUOTE_NONNUMERIC,
                                                 lineterminator="\n")


def write_comprehend(path, frame):
    """label,text with no header; the text quoted when it holds commas or quotes."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
        for label, body in zip(frame["star_rating"], frame["review_body"]):
            writer.writerow([str(label), body])


def main():
    args = parse_args()
    if not os.path.isdir(args.input):
        fail(f"input folder missing: {args.input}; point the processing input at the Athena results prefix")
    files = csv_files(args.input)
    if not files:
        fail(f"no .csv files under {args.input}; point the processing input at the Athena results prefix")
    if args.max_per_rating is not None and args.max_per_rating < 1:
        fail(f"--max-per-rating must be at least 1, got {args.max_per_rating}")

    raw = read(files)
    rows, dropped = clean(raw)
    print(f"read files={len(files)} rows={len(raw)} dropped={sum(dropped.values())} "
          f"bad_rating={dropped['bad_rating']} empty_body={dropped['empty_body']}", flush=True)
    if rows.empty:
        fail(f"no usable reviews in {len(files)} file(s) under {args.input}")
    before = counts(rows)
    balanced, per_rating = balance(rows, args.seed, args.max_per_rating)
    parts = split(balanced, per_rating, args.min_train_rows, capped=per_rating < min(before.values()))

    out = args.output
    write_autopilot(os.path.join(out, "autopilot", "train.csv"), parts["train"])
    write_autopilot(os.path.join(out, "autopilot", "test.csv"), parts["test"])
    write_comprehend(os.path.join(out, "comprehend", "train.csv"), parts["train"])
    for name, frame in parts.items():
        by = counts(frame)
        print(f"split={name} rows={len(frame)} " + " ".join(f"rating_{r}={n}" for r, n in by.items()), flush=True)

    summary = {
        "files": len(files),
        "rows_read": len(raw),
        "dropped": sum(dropped.values()),
        "dropped_by_reason": dropped,
        "seed": args.seed,
        "per_rating": per_rating,
        "before_balancing": before,
        "after_balancing": counts(balanced),
        "splits": {name: {"rows": len(frame), "by_rating": counts(frame)} for name, frame in parts.items()},
    }
    # In a folder of its own: a processing job uploads folders, one output each.
    os.makedirs(os.path.join(out, "summary"), exist_ok=True)
    with open(os.path.join(out, "summary", "summary.json"), "w") as f:
        json.dump(summary, f, indent=2)
    print(f"wrote autopilot/, comprehend/ and summary/ to {out}", flush=True)


if __name__ == "__main__":
    main()
