"""Lab 2 processing step: review text in, BERT token ids out, split 90/5/5.

Reads CSV files with a header and the columns star_rating and review_body: an Athena
query's results (every field double-quoted, bodies may span lines) or lab 1's
autopilot/train.csv. Rows with no body or a rating outside 1..5 are dropped. Labels are
star_rating - 1 (0..4). Each rating is split 90/5/5 on its own (seeded), so every split
holds the ratings in the same proportions.

Writes, under --output:
  train/data.pt, validation/data.pt, test/data.pt
      torch.save of a dict of tensors: input_ids and attention_mask (int64, [rows, max_length],
      truncated and padded to --max-length) and labels (int64, [rows], 0..4)
  tokenizer/        the tokenizer used, so training and the endpoint split text the same way
  samples/samples.json  a few test reviews ("instances") and their ratings ("labels") for labguide
                        to send the endpoint
"""
import argparse
import csv
import json
import os
import sys

import numpy as np

RATINGS = [1, 2, 3, 4, 5]
SHARES = {"validation": 0.05, "test": 0.05}  # the rest is train
SAMPLES = 5


def fail(message):
    sys.exit(f"prepare.py: {message}")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", default="/opt/ml/processing/input/reviews", help="folder of .csv files (recursive)")
    p.add_argument("--output", default="/opt/ml/processing/output")
    p.add_argument("--tokenizer", default="distilbert-base-uncased",
                   help="a Hugging Face hub name or a local folder holding a saved tokenizer")
    p.add_argument("--max-length", type=int, default=128, help="tokens per review, after truncation and padding")
    p.add_argument("--seed", type=int, default=42)
    return p.parse_args()


def read_reviews(folder):
    """(text, rating) pairs from every .csv under folder; and how many rows were unusable."""
    files = sorted(os.path.join(root, n) for root, _, names in os.walk(folder) for n in names if n.endswith(".csv"))
    if not files:
        fail(f"no .csv files under {folder}; point the processing input at the reviews")
    csv.field_size_limit(1 << 24)  # some reviews are longer than the csv module's 128 KiB default
    rows, dropped = [], 0
    for path in files:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            missing = [c for c in ("star_rating", "review_body") if c not in (reader.fieldnames or [])]
            if missing:
                fail(f"{path} lacks column(s) {', '.join(missing)} (has: {', '.join(reader.fieldnames or [])})")
            for row in reader:
                text = " ".join((row["review_body"] or "").split())
                try:
                    rating = float(row["star_rating"])
                except (TypeError, ValueError):
                    rating = None
                if text and rating in RATINGS:
                    rows.append((text, int(rating)))
                else:
                    dropped += 1
    return files, rows, dropped


def split(ratings, seed):
    """Row indices per split, drawn separately within each rating."""
    rng = np.random.default_rng(seed)
    parts = {"train": [], "validation": [], "test": []}
    ratings = np.asarray(ratings)
    for r in RATINGS:
        index = rng.permutation(np.flatnonzero(ratings == r))
        start = 0
        for name, share in SHARES.items():
            n = int(len(index) * share + 0.5)
            parts[name] += index[start:start + n].tolist()
            start += n
        parts["train"] += index[start:].tolist()
    # Shuffled again so a split is not sorted by rating.
    return {name: rng.permutation(np.array(idx, dtype=np.int64)) for name, idx in parts.items()}


def main():
    args = parse_args()
    if not os.path.isdir(args.input):
        fail(f"input folder missing: {args.input}")
    if args.max_length < 8:
        fail(f"--max-length {args.max_length} leaves no room for a review; use 64 to 512")
    files, rows, dropped = read_reviews(args.input)
    print(f"read files={len(files)} rows={len(rows) + dropped} dropped={dropped}", flush=True)
    parts = split([r for _, r in rows], args.seed)
    empty = [name for name, idx in parts.items() if len(idx) == 0]
    if empty:
        fail(f"{len(rows)} usable reviews leave the {', '.join(empty)} split empty; "
             f"give at least 10 reviews of each rating")

    # Imported once the input is known good: a bad input fails in a moment, not after torch loads.
    import torch
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(args.tokenizer)
    except (OSError, ValueError) as e:
        fail(f"cannot load tokenizer {args.tokenizer!r}: {' '.join(str(e).split())[:300]}")
    # Saved with the tokenizer, so train.py and inference.py truncate at the same length.
    tokenizer.model_max_length = args.max_length

    texts = [t for t, _ in rows]
    labels = torch.tensor([r - 1 for _, r in rows], dtype=torch.int64)
    for name, idx in parts.items():
        encoded = tokenizer([texts[i] for i in idx], truncation=True, padding="max_length",
                            max_length=args.max_length, return_tensors="pt")
        data = {"input_ids": encoded["input_ids"].long(), "attention_mask": encoded["attention_mask"].long(),
                "labels": labels[idx]}
        os.makedirs(os.path.join(args.output, name), exist_ok=True)
        torch.save(data, os.path.join(args.output, name, "data.pt"))
        by = torch.bincount(data["labels"], minlength=len(RATINGS)).tolist()
        print(f"split={name} rows={len(idx)} " + " ".join(f"rating_{r}={n}" for r, n in zip(RATINGS, by)),
              flush=True)
    tokenizer.save_pretrained(os.path.join(args.output, "tokenizer"))

    test = parts["test"][:SAMPLES]
    os.makedirs(os.path.join(args.output, "samples"), exist_ok=True)
    with open(os.path.join(args.output, "samples", "samples.json"), "w") as f:
        json.dump({"instances": [texts[i] for i in test], "labels": [rows[i][1] for i in test]}, f)
    print(f"wrote train/, validation/, test/, tokenizer/ and samples/ to {args.output}", flush=True)


if __name__ == "__main__":
    main()
