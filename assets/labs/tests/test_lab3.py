"""Lab 3 (pets): fetch.py against a fake hub, train.py under torchrun with 2 CPU processes,
and the top-5 inference handler."""
import filecmp
import io
import json
import math
import re
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image

from conftest import LAB3, free_port, load_handler, one_error_line, run, script_env

NAMES = [f"breed_{i:02d}" for i in range(37)]
LABELS = [3, 7, 20, 36]  # a few of the 37 classes
FLOAT = r"([0-9.eE+-]+)"
EPOCHS = 2


def jpeg(rng, fmt="JPEG"):
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 256, (36, 44, 3), dtype=np.uint8)).save(buf, format=fmt)
    return buf.getvalue()


def pets_parquet(path, n, seed):
    """A Parquet file shaped like the hub's: image struct {bytes, path}, label, image_id,
    and the Hugging Face metadata that names the classes."""
    rng = np.random.default_rng(seed)
    labels = [LABELS[i % len(LABELS)] for i in range(n)]
    table = pa.table({
        "image": [{"bytes": jpeg(rng), "path": f"{i}.jpg"} for i in range(n)],
        "label": pa.array(labels, pa.int64()),
        "image_id": [f"pet_{i}" for i in range(n)],
    })
    features = {"label": {"names": NAMES, "_type": "ClassLabel"}}
    table = table.replace_schema_metadata({"huggingface": json.dumps({"info": {"features": features}})})
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path)
    return path


@pytest.fixture(scope="module")
def channels(tmp_path_factory):
    root = tmp_path_factory.mktemp("pets")
    pets_parquet(root / "train" / "train-00000-of-00001.parquet", 40, seed=1)
    pets_parquet(root / "test" / "test-00000-of-00001.parquet", 16, seed=2)
    return root


class FakeHub:
    """The two hub routes fetch.py uses, on 127.0.0.1: a paged tree listing and resolve
    URLs that redirect (as the real hub does to its CDN) and fail once with a 503."""

    def __init__(self, files):
        self.files = files  # repo path -> bytes
        self.failed = set()
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                hub.route(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def route(self, h):
        tree = "/api/datasets/timm/oxford-iiit-pet/tree/main/data"
        resolve = "/datasets/timm/oxford-iiit-pet/resolve/main/"
        entries = [{"type": "file", "path": p, "size": len(b)} for p, b in sorted(self.files.items())]
        entries.insert(0, {"type": "directory", "path": "data/extra"})
        if h.path == tree:  # first page, and a Link to the rest
            self.send(h, 200, json.dumps(entries[:2]).encode(), Link=f'<{self.url}{tree}?cursor=2>; rel="next"')
        elif h.path == tree + "?cursor=2":
            self.send(h, 200, json.dumps(entries[2:]).encode())
        elif h.path.startswith(resolve) and h.path[len(resolve):] in self.files:
            self.send(h, 302, b"", Location=f"{self.url}/cdn/{h.path[len(resolve):]}")
        elif h.path.startswith("/cdn/") and h.path[5:] in self.files:
            if h.path not in self.failed:
                self.failed.add(h.path)
                self.send(h, 503, b"busy")
            else:
                self.send(h, 200, self.files[h.path[5:]])
        else:
            self.send(h, 404, b"not found")

    @staticmethod
    def send(h, status, body, **headers):
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def hub(channels):
    files = {f"data/{split}-00000-of-00001.parquet": next((channels / split).glob("*.parquet")).read_bytes()
             for split in ("train", "test")}
    files["data/README.txt"] = b"not a parquet file"
    server = FakeHub(files)
    yield server
    server.close()


def test_fetch_downloads_each_split_with_retries(hub, tmp_path):
    result = run([LAB3 / "fetch.py", "--output", tmp_path, "--retry-wait", 0.05], HF_ENDPOINT=hub.url)
    assert result.returncode == 0, result.stdout + result.stderr
    sizes = [(int(n), int(b)) for n, b in re.findall(r"^files=(\d+) bytes=(\d+)$", result.stdout, re.M)]
    expected = []
    for split in ("train", "test"):
        name = f"{split}-00000-of-00001.parquet"
        assert sorted(p.name for p in (tmp_path / split).iterdir()) == [name], "no .part or stray files"
        assert (tmp_path / split / name).read_bytes() == hub.files[f"data/{name}"]
        expected.append((1, len(hub.files[f"data/{name}"])))
    assert sizes == expected
    assert result.stdout.count("retry 1/4") == 2, "each file's 503 was retried"


def test_fetch_fails_clearly_when_a_split_is_missing(hub, tmp_path):
    del hub.files["data/test-00000-of-00001.parquet"]
    line = one_error_line(run([LAB3 / "fetch.py", "--output", tmp_path, "--retry-wait", 0.05], HF_ENDPOINT=hub.url))
    assert "test-*.parquet" in line and hub.url in line


def test_fetch_gives_up_after_its_attempts(tmp_path):
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    result = run([LAB3 / "fetch.py", "--output", tmp_path, "--attempts", 2, "--retry-wait", 0.01], HF_ENDPOINT=dead)
    assert "failed 2 times" in one_error_line(result)


# Where the trained fixture's SM_OUTPUT_DATA_DIR went.
OUTPUT = {}


@pytest.fixture(scope="module")
def trained(channels, tmp_path_factory):
    model_dir = tmp_path_factory.mktemp("pets-model")
    output_dir = tmp_path_factory.mktemp("pets-output")
    args = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2",
            "--master_addr", "127.0.0.1", "--master_port", str(free_port()),
            LAB3 / "train.py", "--model", "resnet18", "--pretrained", "false", "--image-size", "32",
            "--epochs", str(EPOCHS), "--batch-size", "8", "--workers", "1", "--amp", "false", "--log-every", "1"]
    env = script_env(SM_CHANNEL_TRAIN=channels / "train", SM_CHANNEL_TEST=channels / "test",
                     SM_MODEL_DIR=model_dir, SM_OUTPUT_DATA_DIR=output_dir, SM_NUM_GPUS=0,
                     SM_HOSTS='["algo-1"]', SM_CURRENT_HOST="algo-1")
    result = subprocess.run(list(map(str, args)), env=env, capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    OUTPUT["data"] = output_dir
    return model_dir, result.stdout


def test_train_under_torchrun_logs_the_contract_lines(trained):
    model_dir, log = trained
    assert "world=2 device=cpu" in log
    steps = re.findall(rf"^epoch=(\d+) step=(\d+)/(\d+) train_loss={FLOAT} images_per_sec={FLOAT}$", log, re.M)
    epochs = re.findall(rf"^epoch=(\d+) test_loss={FLOAT} test_acc1={FLOAT} test_acc5={FLOAT} "
                        rf"epoch_seconds={FLOAT}$", log, re.M)
    final = re.findall(rf"^total_seconds={FLOAT} images_per_sec={FLOAT}$", log, re.M)
    # 40 images, 2 processes, batches of 8 with the last partial dropped: 2 steps an epoch,
    # each logged once (rank 0 only).
    assert [(int(e), int(s), int(n)) for e, s, n, _, _ in steps] == [(1, 1, 2), (1, 2, 2), (2, 1, 2), (2, 2, 2)]
    for *_, loss, ips in steps:
        assert math.isfinite(float(loss)) and float(loss) > 0 and float(ips) > 0
    assert [int(e[0]) for e in epochs] == [1, 2]
    for _, loss, acc1, acc5, seconds in epochs:
        assert math.isfinite(float(loss))
        assert 0.0 <= float(acc1) <= float(acc5) <= 1.0
        assert float(seconds) > 0
    assert len(final) == 1 and all(float(v) > 0 for v in final[0])
    # The live charts' regexes: images_per_sec only from step lines, not the final line.
    assert len(re.findall(r"step=\S+ .*images_per_sec=([0-9.eE+-]+)", log)) == len(steps)
    assert len(re.findall(r"test_acc5=([0-9.eE+-]+)", log)) == EPOCHS


def test_train_saves_the_model_archive_contents(trained):
    model_dir, _ = trained
    assert json.loads((model_dir / "classes.json").read_text()) == NAMES
    assert json.loads((model_dir / "model.json").read_text()) == {"model": "resnet18", "image_size": 32}
    assert (model_dir / "model.pth").stat().st_size > 1_000_000
    assert filecmp.cmp(model_dir / "code" / "inference.py", LAB3 / "inference.py", shallow=False)


def test_train_names_an_empty_channel(channels, tmp_path):
    (tmp_path / "test").mkdir()
    result = run([LAB3 / "train.py", "--pretrained", "false", "--workers", "0"],
                 SM_CHANNEL_TRAIN=channels / "train", SM_CHANNEL_TEST=tmp_path / "test", SM_MODEL_DIR=tmp_path / "m")
    line = one_error_line(result)
    assert "'test'" in line and str(tmp_path / "test") in line


@pytest.mark.parametrize("fmt,content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png"),
                                               ("JPEG", "application/x-image")])
def test_inference_handler_answers_top5(trained, fmt, content_type):
    model_dir, _ = trained
    handler = load_handler(model_dir / "code" / "inference.py", "lab3_inference")
    bundle = handler.model_fn(str(model_dir))
    body = jpeg(np.random.default_rng(9), fmt)
    answer = json.loads(handler.output_fn(handler.predict_fn(handler.input_fn(body, content_type), bundle),
                                          "application/json"))
    top5 = answer["top5"]
    assert len(top5) == 5
    assert all(set(t) == {"class", "probability"} and t["class"] in NAMES for t in top5)
    assert len({t["class"] for t in top5}) == 5
    probabilities = [t["probability"] for t in top5]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(0.0 < p <= 1.0 for p in probabilities) and sum(probabilities) <= 1.0 + 1e-6


def test_inference_handler_refuses_other_content(trained):
    handler = load_handler(trained[0] / "code" / "inference.py", "lab3_inference")
    with pytest.raises(ValueError, match="image/jpeg"):
        handler.input_fn(b"{}", "application/json")


def test_train_keeps_test_images_for_the_endpoint(trained):
    from PIL import Image
    folder = OUTPUT["data"] / "samples"
    doc = json.loads((folder / "samples.json").read_text())
    assert len(doc["files"]) == 5 and len(doc["labels"]) == 5
    assert all(label in NAMES for label in doc["labels"]), doc["labels"]
    handler = load_handler(trained[0] / "code" / "inference.py", "lab3_inference")
    bundle = handler.model_fn(str(trained[0]))
    for name in doc["files"]:
        body = (folder / name).read_bytes()
        assert Image.open(io.BytesIO(body)).format == "JPEG"
        answer = json.loads(handler.output_fn(handler.predict_fn(handler.input_fn(body, "image/jpeg"), bundle),
                                              "application/json"))
        assert len(answer["top5"]) == 5
