"""Lab 0 (MNIST): prepare.py, train.py over two gloo hosts, and the inference handler."""
import filecmp
import gzip
import json
import math
import pickle
import re

import numpy as np
import pytest
import torch

from conftest import LAB0, load_handler, one_error_line, run, start, free_port

EPOCHS = 2
FLOAT = r"([0-9.eE+-]+)"


def fake_mnist(folder, seed=0):
    """mnist.pkl.gz in the classic layout: (train, valid, test), each (x float32 [n,784], y int64)."""
    rng = np.random.default_rng(seed)

    def split(n):
        y = rng.integers(0, 10, n).astype(np.int64)
        y[:5] = 0  # some zeros for certain
        x = rng.random((n, 784), dtype=np.float32)
        # Each digit lights its own band of pixels, so the data is learnable, not pure noise.
        for d in range(10):
            x[y == d, d * 70:(d + 1) * 70] = 1.0
        return x, y

    folder.mkdir(parents=True, exist_ok=True)
    sets = (split(300), split(100), split(100))
    with gzip.open(folder / "mnist.pkl.gz", "wb") as f:
        pickle.dump(sets, f, protocol=2)  # the protocol Python 2 wrote
    return sets


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """train.py started twice, as on two hosts, meeting over gloo on loopback."""
    root = tmp_path_factory.mktemp("lab0")
    fake_mnist(root / "training")
    port = free_port()
    procs = {}
    for host in ("algo-1", "algo-2"):
        procs[host] = start(
            [LAB0 / "train.py", "--epochs", EPOCHS, "--batch-size", 32, "--lr", 0.05, "--backend", "gloo"],
            SM_HOSTS='["algo-1", "algo-2"]', SM_CURRENT_HOST=host, SM_CHANNEL_TRAINING=root / "training",
            SM_MODEL_DIR=root / host / "model", SM_NUM_GPUS=0, MASTER_ADDR="127.0.0.1", MASTER_PORT=port)
    outputs = {}
    for host, proc in procs.items():
        try:
            out, err = proc.communicate(timeout=120)
        except Exception:
            for p in procs.values():
                p.kill()
            raise
        assert proc.returncode == 0, f"{host} failed:\n{out}\n{err}"
        outputs[host] = out
    return root, outputs


def test_prepare_writes_is_it_a_zero_csvs(tmp_path):
    train, valid, test = fake_mnist(tmp_path / "input" / "data")
    out = tmp_path / "output"
    result = run([LAB0 / "prepare.py", "--input", tmp_path / "input" / "data", "--output", out])
    assert result.returncode == 0, result.stderr

    counts = re.findall(r"^rows=(\d+) positives=(\d+)$", result.stdout, re.M)
    expected = []
    for (x, y), path in ((train, out / "train" / "train.csv"), (valid, out / "validation" / "validation.csv")):
        text = path.read_text()
        assert not text[0].isalpha(), "no header"
        table = np.loadtxt(path, delimiter=",")
        assert table.shape == (len(y), 785)
        labels = table[:, 0]
        assert set(np.unique(labels)) <= {0.0, 1.0}
        assert np.array_equal(labels == 1.0, y == 0), "1.0 exactly for zeros, 0.0 for other digits"
        assert text.split(",", 1)[0] in ("1.0", "0.0")
        np.testing.assert_allclose(table[:, 1:], x, atol=1e-5)
        expected.append((str(len(y)), str(int((y == 0).sum()))))
    assert counts == expected


def test_prepare_names_the_missing_input(tmp_path):
    line = one_error_line(run([LAB0 / "prepare.py", "--input", tmp_path / "nothing", "--output", tmp_path / "o"]))
    assert str(tmp_path / "nothing" / "mnist.pkl.gz") in line


def test_train_on_two_hosts_logs_each_epoch_and_saves_on_rank_0(trained):
    root, outputs = trained
    log = outputs["algo-1"]
    train_lines = re.findall(rf"^epoch=(\d+) train_loss={FLOAT}$", log, re.M)
    test_lines = re.findall(rf"^epoch=(\d+) test_loss={FLOAT} test_accuracy={FLOAT}$", log, re.M)
    assert [int(e) for e, _ in train_lines] == list(range(1, EPOCHS + 1)), log
    assert [int(e) for e, _, _ in test_lines] == list(range(1, EPOCHS + 1)), log
    for _, loss in train_lines:
        assert math.isfinite(float(loss)) and float(loss) > 0
    for _, loss, acc in test_lines:
        assert math.isfinite(float(loss)) and 0.0 <= float(acc) <= 1.0
    # The metric regexes the launcher's live charts use find the same numbers.
    assert len(re.findall(r"test_accuracy=([0-9.eE+-]+)", log)) == EPOCHS
    assert len(re.findall(r"train_loss=([0-9.eE+-]+)", log)) == EPOCHS
    # Rank 1 logs no metrics (they would be counted twice) and saves nothing.
    assert "test_accuracy=" not in outputs["algo-2"]
    assert not (root / "algo-2" / "model").exists()

    model_dir = root / "algo-1" / "model"
    state = torch.load(model_dir / "model.pth", weights_only=True)
    assert all(not k.startswith("module.") for k in state), "saved unwrapped from DDP"
    assert filecmp.cmp(model_dir / "code" / "inference.py", LAB0 / "inference.py", shallow=False)


def test_train_names_the_missing_channel_file(tmp_path):
    (tmp_path / "training").mkdir()
    result = run([LAB0 / "train.py", "--epochs", 1], SM_CHANNEL_TRAINING=tmp_path / "training",
                 SM_MODEL_DIR=tmp_path / "model", SM_HOSTS='["algo-1"]', SM_CURRENT_HOST="algo-1")
    assert str(tmp_path / "training" / "mnist.pkl.gz") in one_error_line(result)


def test_inference_handler_answers_both_json_shapes(trained):
    root, _ = trained
    model_dir = root / "algo-1" / "model"
    handler = load_handler(model_dir / "code" / "inference.py", "lab0_inference")
    model = handler.model_fn(str(model_dir))
    _, _, (x, y) = fake_mnist(root / "again")  # same seed: the test split of the training file
    rows = x[:3].tolist()

    answers = []
    for body in (json.dumps(rows), json.dumps({"instances": rows}).encode()):
        data = handler.input_fn(body, "application/json")
        answer = json.loads(handler.output_fn(handler.predict_fn(data, model), "application/json"))
        answers.append(answer)
        predictions = answer["predictions"]
        assert len(predictions) == 3
        for p in predictions:
            assert set(p) == {"digit", "probability"}
            assert p["digit"] in range(10) and 0.0 < p["probability"] <= 1.0
    assert answers[0] == answers[1]
    # The handler's digit is the model's own argmax.
    with torch.no_grad():
        expected = model(torch.tensor(rows)).argmax(1).tolist()
    assert [p["digit"] for p in answers[0]["predictions"]] == expected

    with pytest.raises(ValueError):
        handler.input_fn("1,2,3", "text/csv")
    with pytest.raises(ValueError):
        handler.input_fn(json.dumps([[0.5] * 10]), "application/json")


def test_prepare_writes_test_digits_for_the_endpoints(tmp_path):
    _, _, (x, y) = fake_mnist(tmp_path / "input" / "data")
    out = tmp_path / "output"
    result = run([LAB0 / "prepare.py", "--input", tmp_path / "input" / "data", "--output", out])
    assert result.returncode == 0, result.stderr
    doc = json.loads((out / "samples" / "samples.json").read_text())
    assert doc["labels"] == [int(d) for d in y[:5]], "the true labels of the first test digits"
    assert len(doc["instances"]) == 5 and all(len(r) == 784 for r in doc["instances"])
    np.testing.assert_allclose(np.array(doc["instances"]), x[:5], atol=1e-4)
    assert re.search(r"^samples=5 labels=\[", result.stdout, re.M), result.stdout
