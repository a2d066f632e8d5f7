"""Lab 1's fallback data step: fetch_reviews.py against a hub of our own on loopback."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pyarrow.parquet as pq
import pytest

from conftest import LAB1_FETCH, one_error_line, run

PATH = "/datasets/McAuley-Lab/Amazon-Reviews-2023/resolve/main/raw/review_categories/Video_Games.jsonl"


def lines():
    out = []
    for i in range(40):
        out.append({"rating": float(i % 5 + 1), "title": f"t{i}", "text": f"review  {i}\nline two",
                    "timestamp": 1_600_000_000_000 + i})
    # What the file may also hold: no text, a rating out of range or not whole, bad JSON.
    out += [{"rating": 5.0, "title": "x", "text": "  "}, {"rating": 0.0, "text": "zero"},
            {"rating": 3.5, "text": "half"}]
    body = "\n".join(json.dumps(o) for o in out) + "\nnot json at all\n"
    return body.encode()


class Hub:
    """Serves one category's file, once answering 503 first, as a busy hub does."""

    def __init__(self, body):
        self.busy_once = True
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if self.path != PATH:
                    return self.answer(404, b"not found")
                if hub.busy_once:
                    hub.busy_once = False
                    return self.answer(503, b"busy")
                self.answer(200, body)

            def answer(self, status, data):
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub():
    h = Hub(lines())
    yield h
    h.close()


def test_reviews_become_parquet_in_the_columns_athena_reads(hub, tmp_path):
    result = run([LAB1_FETCH / "fetch_reviews.py", "--output", tmp_path, "--max-rows", 30,
                  "--retry-wait", 0.05], HF_ENDPOINT=hub.url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "retry 1/4" in result.stdout
    part = tmp_path / "product_category=Video_Games" / "part-0.parquet"
    table = pq.read_table(part)
    assert table.schema.names == ["review_id", "star_rating", "review_headline", "review_body", "year"]
    assert str(table.schema.field("star_rating").type) == "int64"
    rows = table.to_pylist()
    assert len(rows) == 30
    assert {r["star_rating"] for r in rows} == {1, 2, 3, 4, 5}
    assert rows[0]["review_body"] == "review 0 line two"  # one line, as both services read
    assert rows[0]["year"] == 2020
    assert "kept=30" in result.stdout and "rating_1=6" in result.stdout
    assert not list(tmp_path.rglob("*.part"))


def test_bad_lines_are_skipped_and_counted(hub, tmp_path):
    result = run([LAB1_FETCH / "fetch_reviews.py", "--output", tmp_path, "--retry-wait", 0.05],
                 HF_ENDPOINT=hub.url)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "kept=40 skipped=4" in result.stdout, result.stdout


def test_a_missing_category_fails_in_one_line(hub, tmp_path):
    result = run([LAB1_FETCH / "fetch_reviews.py", "--output", tmp_path, "--category", "Nope",
                  "--retry-wait", 0.05], HF_ENDPOINT=hub.url)
    line = one_error_line(result)
    assert "Nope.jsonl answered HTTP 404" in line
    assert not list(tmp_path.iterdir())
