"""Lab 0 processing step: turn mnist.pkl.gz into the CSV files linear-learner reads.

The question asked of linear-learner is binary, "is this digit a zero?", so the label
column is 1.0 for zeros and 0.0 for every other digit. No header, label first, then the
784 pixel values, as the built-in algorithm's text/csv channels expect.
"""
import argparse
import gzip
import json
import os
import pickle
import sys

import numpy as np

# Test digits written for labguide to send to the endpoints.
SAMPLES = 5


def load(path):
    # The classic file was pickled by Python 2: latin1 decodes its numpy buffers.
    with gzip.open(path, "rb") as f:
        return pickle.load(f, encoding="latin1")


def write_csv(path, x, y):
    labels = (y == 0).astype(np.float32)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # %.1f keeps the label readable as 1.0/0.0; %.6g keeps the pixels short but exact enough.
    np.savetxt(path, np.column_stack([labels, x]), delimiter=",", fmt=["%.1f"] + ["%.6g"] * x.shape[1])
    print(f"wrote {path}")
    print(f"rows={len(y)} positives={int(labels.sum())}", flush=True)


def write_samples(path, x, y, count=SAMPLES):
    """A few test digits with their true labels, for labguide to ask the endpoints about."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    doc = {
        "labels": [int(d) for d in y[:count]],
        # Four decimals keep the file small; the digits look the same to a model.
        "instances": [[round(float(v), 4) for v in row] for row in x[:count]],
    }
    with open(path, "w") as f:
        json.dump(doc, f)
    print(f"wrote {path}")
    print(f"samples={len(doc['labels'])} labels={doc['labels']}", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--input", default=os.environ.get("LAB_INPUT", "/opt/ml/processing/input/data"),
                   help="folder holding mnist.pkl.gz")
    p.add_argument("--output", default=os.environ.get("LAB_OUTPUT", "/opt/ml/processing/output"),
                   help="folder that gets train/train.csv, validation/validation.csv and samples/samples.json")
    args = p.parse_args()

    source = os.path.join(args.input, "mnist.pkl.gz")
    if not os.path.isfile(source):
        sys.exit(f"prepare.py: input file missing: {source}")
    train, valid, test = load(source)
    write_csv(os.path.join(args.output, "train", "train.csv"), *train)
    write_csv(os.path.join(args.output, "validation", "validation.csv"), *valid)
    write_samples(os.path.join(args.output, "samples", "samples.json"), *test)


if __name__ == "__main__":
    main()
