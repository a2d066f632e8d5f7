"""Lab 1 (reviews): split.py on a tiny Athena-style result set, as the processing job runs it."""
import csv
import io
import json

import pandas as pd
import pytest

from conftest import LAB1, one_error_line, run

# Uneven on purpose: rating 2 is the rarest, so it sets the balanced size.
PER_RATING = {1: 30, 2: 24, 3: 27, 4: 35, 5: 50}
BAD_ROWS = 4  # written below: empty body, blank body, rating 0, rating "n/a"
COLUMNS = ["marketplace", "star_rating", "review_headline", "review_body", "product_category"]


def athena_csv(path, per_rating=PER_RATING, columns=COLUMNS, tag="a"):
    """An Athena query result: header, every field double-quoted, quotes doubled inside."""
    lines = []
    for rating, n in per_rating.items():
        for i in range(n):
            body = f"Review {tag}{i} gives {rating} stars, \"quoted\" words"
            if i == 0:
                body += "\nand a second line"  # a body spanning lines, as real reviews do
            lines.append(["US", str(rating), f"headline {i}", body, "Books"])
    lines += [["US", "5", "h", "", "Books"], ["US", "4", "h", "   ", "Books"],
              ["US", "0", "h", "rating out of range", "Books"], ["US", "n/a", "h", "no rating", "Books"]]
    index = [COLUMNS.index(c) for c in columns]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        writer = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        writer.writerow(columns)
        for row in lines:
            writer.writerow([row[k] for k in index])
    # Athena writes its metadata file beside the results; it is not data.
    (path.parent / (path.name + ".metadata")).write_bytes(b"\x00binary")
    return path


def split(tmp_path, *extra, name="out"):
    out = tmp_path / name
    result = run([LAB1 / "split.py", "--input", tmp_path / "reviews", "--output", out, "--min-train-rows", 50,
                  *extra])
    return result, out


@pytest.fixture
def reviews(tmp_path):
    # Two result files: the rows of both count.
    athena_csv(tmp_path / "reviews" / "part-a.csv", {r: n - 10 for r, n in PER_RATING.items()})
    athena_csv(tmp_path / "reviews" / "nested" / "part-b.csv", {r: 10 for r in PER_RATING}, tag="b")
    return tmp_path


def test_split_balances_and_writes_both_services_files(reviews):
    result, out = split(reviews)
    assert result.returncode == 0, result.stdout + result.stderr
    per = min(PER_RATING.values())  # 24
    total = per * 5

    auto_train = pd.read_csv(out / "autopilot" / "train.csv")
    auto_test = pd.read_csv(out / "autopilot" / "test.csv")
    assert list(auto_train.columns) == ["star_rating", "review_body"]
    assert list(auto_test.columns) == ["star_rating", "review_body"]
    first = (out / "autopilot" / "train.csv").read_text().splitlines()[0]
    assert first == '"star_rating","review_body"'

    # Comprehend: no header, label,text on one line each, labels 1..5 as text.
    raw = (out / "comprehend" / "train.csv").read_text()
    rows = list(csv.reader(io.StringIO(raw)))
    assert len(rows) == len(raw.splitlines()), "one document a line: no newline inside a text"
    assert all(len(r) == 2 for r in rows)
    assert {r[0] for r in rows} == {"1", "2", "3", "4", "5"}, "no header row, only ratings"
    assert any('"quoted"' in r[1] and "," in r[1] for r in rows), "commas and quotes survive the quoting"
    assert any("and a second line" in r[1] for r in rows)
    assert len(rows) == len(auto_train)
    assert sorted(zip((int(r[0]) for r in rows), (r[1] for r in rows))) == \
        sorted(zip(auto_train["star_rating"], auto_train["review_body"])), "the same training rows"

    # 90/5/5 of 120 balanced rows within rounding (one row a rating each for validation
    # and test), every rating equally in each split.
    summary = json.loads((out / "summary" / "summary.json").read_text())
    sizes = {name: s["rows"] for name, s in summary["splits"].items()}
    assert sizes == {"train": 110, "validation": 5, "test": 5}
    assert sum(sizes.values()) == total
    assert summary["splits"]["train"]["by_rating"] == {str(r): 22 for r in range(1, 6)}
    for name in ("validation", "test"):
        assert summary["splits"][name]["by_rating"] == {str(r): 1 for r in range(1, 6)}

    # The summary tells the truth about the files.
    assert summary["before_balancing"] == {str(r): n for r, n in PER_RATING.items()}
    assert summary["after_balancing"] == {str(r): per for r in range(1, 6)}
    assert summary["dropped"] == 2 * BAD_ROWS
    assert summary["rows_read"] == sum(PER_RATING.values()) + 2 * BAD_ROWS
    assert summary["files"] == 2
    assert auto_train["star_rating"].value_counts().to_dict() == {r: 22 for r in range(1, 6)}
    assert summary["splits"]["test"]["by_rating"] == \
        {str(r): n for r, n in auto_test["star_rating"].value_counts().sort_index().items()}
    assert set(auto_train["review_body"]).isdisjoint(auto_test["review_body"]), "test rows not trained on"
    assert not any("\n" in t for t in auto_train["review_body"])

    lines = [line for line in result.stdout.splitlines() if line.startswith("split=")]
    assert lines[0].startswith("split=train rows=110 rating_1=22 ") and len(lines) == 3


def test_split_is_deterministic_per_seed(reviews):
    first, out1 = split(reviews, name="a")
    again, out2 = split(reviews, name="b")
    other, out3 = split(reviews, "--seed", 7, name="c")
    assert first.returncode == again.returncode == other.returncode == 0, first.stderr + other.stderr
    for rel in ("autopilot/train.csv", "autopilot/test.csv", "comprehend/train.csv", "summary/summary.json"):
        assert (out1 / rel).read_bytes() == (out2 / rel).read_bytes(), rel
    assert (out1 / "autopilot/test.csv").read_bytes() != (out3 / "autopilot/test.csv").read_bytes()


def test_split_caps_rows_per_rating(reviews):
    result, out = split(reviews, "--max-per-rating", 20, "--min-train-rows", 10)
    assert result.returncode == 0, result.stderr
    summary = json.loads((out / "summary" / "summary.json").read_text())
    assert summary["after_balancing"] == {str(r): 20 for r in range(1, 6)}
    assert summary["splits"]["train"]["rows"] == 90
    # A cap too low for the training minimum says so.
    line = one_error_line(split(reviews, "--max-per-rating", 5, name="low")[0])
    assert "only 15 balanced training rows" in line and "raise --max-per-rating" in line


def test_split_names_missing_columns(tmp_path):
    athena_csv(tmp_path / "reviews" / "r.csv", columns=["marketplace", "star_rating", "review_headline"])
    line = one_error_line(split(tmp_path)[0])
    assert "review_body" in line and "r.csv" in line and "star_rating" in line.split("has:")[1]


def test_split_refuses_too_few_training_rows(reviews):
    result = run([LAB1 / "split.py", "--input", reviews / "reviews", "--output", reviews / "o"])
    line = one_error_line(result)  # default --min-train-rows 500: 110 rows are too few
    assert "110" in line and "500" in line and "--min-train-rows" in line and "query more reviews" in line
    assert not (reviews / "o" / "autopilot").exists(), "nothing half-written"


def test_split_names_an_empty_input(tmp_path):
    (tmp_path / "reviews").mkdir()
    (tmp_path / "reviews" / "q.csv.metadata").write_bytes(b"x")
    line = one_error_line(split(tmp_path)[0])
    assert "no .csv files" in line and str(tmp_path / "reviews") in line


def test_split_needs_every_rating(tmp_path):
    athena_csv(tmp_path / "reviews" / "r.csv", {1: 30, 2: 30, 3: 0, 4: 30, 5: 30})
    line = one_error_line(split(tmp_path)[0])
    assert "star_rating 3" in line
