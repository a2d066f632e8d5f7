"""Lab 2 (BERT): prepare.py and train.py as the processing and training jobs run them, with a
tiny WordPiece tokenizer and a tiny DistilBERT built here (never fetched from a hub), then
the endpoint handlers on the trained model."""
import csv
import filecmp
import json
import math
import re

import pytest
import torch

from conftest import LAB2, load_handler, one_error_line, run

FLOAT = r"([0-9.eE+-]+)"
MAX_LENGTH = 16
EPOCHS = 2
BATCH = 8
PER_RATING = 12
# One word a rating, so the text says its label; the rest is shared filler.
WORDS = {1: "awful", 2: "poor", 3: "okay", 4: "good", 5: "superb"}
FILLER = "the product was really and it is this i bought".split()
# Any hub access must fail loudly: everything here is local.
OFFLINE = dict(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", HF_HOME="/nonexistent-hf-home",
               TOKENIZERS_PARALLELISM="false")


def review(rating, i):
    words = [FILLER[(i + k) % len(FILLER)] for k in range(3 + i % 5)]
    words.insert(i % len(words), WORDS[rating])
    return " ".join(words).capitalize() + ("," if i % 2 else "") + " " + FILLER[i % len(FILLER)]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """A WordPiece tokenizer over a 30-word vocab and a DistilBERT sized to it, both saved
    with save_pretrained as a hub model would be."""
    from transformers import BertTokenizerFast, DistilBertConfig, DistilBertModel

    root = tmp_path_factory.mktemp("tiny")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", ",", "."] + sorted(set(FILLER) | set(WORDS.values()) | {"second", "line"})
    (root / "vocab").mkdir()
    (root / "vocab" / "vocab.txt").write_text("\n".join(vocab) + "\n")
    # Loaded from the folder: transformers 5 ignores a vocab_file= keyword (an empty vocab).
    tokenizer = BertTokenizerFast.from_pretrained(root / "vocab", do_lower_case=True)
    assert len(tokenizer) == len(vocab)
    tokenizer.save_pretrained(root / "tokenizer")
    torch.manual_seed(0)
    config = DistilBertConfig(vocab_size=len(vocab), dim=32, n_layers=2, n_heads=2, hidden_dim=64,
                              max_position_embeddings=64, pad_token_id=0)
    DistilBertModel(config).save_pretrained(root / "model")
    return root


def reviews_csv(path, per_rating=PER_RATING):
    """Athena-style: every field quoted, a multi-line body, extra columns, two bad rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as f:
        w = csv.writer(f, quoting=csv.QUOTE_ALL, lineterminator="\n")
        w.writerow(["star_rating", "review_headline", "review_body", "product_category"])
        for rating in WORDS:
            for i in range(per_rating):
                body = review(rating, i) + ("\nsecond line" if i == 0 else "")
                w.writerow([str(rating), "h", body, "Books"])
        w.writerow(["3", "h", "", "Books"])
        w.writerow(["9", "h", "out of range", "Books"])
    return path


@pytest.fixture(scope="module")
def prepared(tiny, tmp_path_factory):
    root = tmp_path_factory.mktemp("lab2")
    reviews_csv(root / "input" / "results.csv")
    result = run([LAB2 / "prepare.py", "--input", root / "input", "--output", root / "out",
                  "--tokenizer", tiny / "tokenizer", "--max-length", MAX_LENGTH], **OFFLINE)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "out", result.stdout


@pytest.fixture(scope="module")
def trained(tiny, prepared, tmp_path_factory):
    out, _ = prepared
    root = tmp_path_factory.mktemp("lab2-train")
    hps = {"epochs": EPOCHS, "batch-size": BATCH, "learning-rate": 1e-3, "model-name": str(tiny / "model"),
           "seed": 1, "log-every": 3}
    args = [a for k, v in hps.items() for a in (f"--{k}", v)]
    result = run([LAB2 / "train.py", *args], timeout=180,
                 SM_MODEL_DIR=root / "model", SM_OUTPUT_DATA_DIR=root / "output",
                 SM_CHANNEL_TRAIN=out / "train", SM_CHANNEL_VALIDATION=out / "validation",
                 SM_CHANNEL_TOKENIZER=out / "tokenizer", SM_HPS=json.dumps(hps), SM_NUM_GPUS=0, SM_NUM_CPUS=1,
                 SM_HOSTS='["algo-1"]', SM_CURRENT_HOST="algo-1", **OFFLINE)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result.stdout


def test_prepare_tokenizes_and_splits_by_rating(tiny, prepared):
    from transformers import AutoTokenizer

    out, log = prepared
    assert re.search(r"^read files=1 rows=62 dropped=2$", log, re.M), log
    data = {name: torch.load(out / name / "data.pt", weights_only=True) for name in ("train", "validation", "test")}
    # 12 a rating: one each for validation and test (5 %, rounded), ten for train.
    sizes = {name: len(d["labels"]) for name, d in data.items()}
    assert sizes == {"train": 50, "validation": 5, "test": 5}
    for name, d in data.items():
        assert set(d) == {"input_ids", "attention_mask", "labels"}
        assert d["input_ids"].shape == d["attention_mask"].shape == (sizes[name], MAX_LENGTH)
        assert d["input_ids"].dtype == d["labels"].dtype == torch.int64
        assert torch.bincount(d["labels"], minlength=5).tolist() == [sizes[name] // 5] * 5
        assert re.search(rf"^split={name} rows={sizes[name]} rating_1=", log, re.M)

    tokenizer = AutoTokenizer.from_pretrained(out / "tokenizer")
    assert tokenizer.model_max_length == MAX_LENGTH, "the length travels with the tokenizer"
    word_ids = {tokenizer.convert_tokens_to_ids(w): r - 1 for r, w in WORDS.items()}
    seen = []
    for d in data.values():
        for ids, mask, label in zip(d["input_ids"], d["attention_mask"], d["labels"]):
            tokens = ids[mask.bool()].tolist()
            assert tokens[0] == tokenizer.cls_token_id and tokens[-1] == tokenizer.sep_token_id
            assert (ids[~mask.bool()] == tokenizer.pad_token_id).all()
            # The label is star_rating - 1 of the row's own text.
            assert [word_ids[t] for t in tokens if t in word_ids] == [int(label)]
            seen.append(tuple(tokens))
    assert len(set(seen)) == len(seen), "no review in two splits"
    assert tokenizer.unk_token_id not in {t for s in seen for t in s}, "the test's vocab covers every word"

    samples = json.loads((out / "samples" / "samples.json").read_text())
    assert len(samples["instances"]) == 5 and sorted(samples["labels"]) == [1, 2, 3, 4, 5]
    assert all("\n" not in t for t in samples["instances"])


def test_prepare_is_deterministic_per_seed(tiny, prepared, tmp_path):
    out, _ = prepared
    reviews_csv(tmp_path / "input" / "results.csv")
    result = run([LAB2 / "prepare.py", "--input", tmp_path / "input", "--output", tmp_path / "out",
                  "--tokenizer", tiny / "tokenizer", "--max-length", MAX_LENGTH], **OFFLINE)
    assert result.returncode == 0, result.stderr
    for name in ("train", "validation", "test"):
        a = torch.load(out / name / "data.pt", weights_only=True)
        b = torch.load(tmp_path / "out" / name / "data.pt", weights_only=True)
        assert all(torch.equal(a[k], b[k]) for k in a), name


def test_prepare_names_missing_columns(tiny, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.csv").write_text('"star_rating","review_headline"\n"5","great"\n')
    result = run([LAB2 / "prepare.py", "--input", tmp_path / "in", "--output", tmp_path / "out",
                  "--tokenizer", tiny / "tokenizer"], **OFFLINE)
    line = one_error_line(result)
    assert "review_body" in line and "r.csv" in line


def test_train_logs_the_metric_lines(trained):
    root, log = trained
    steps = re.findall(rf"^step=(\d+) train_loss={FLOAT}$", log, re.M)
    epochs = re.findall(rf"^epoch=(\d+) val_loss={FLOAT} val_accuracy={FLOAT}$", log, re.M)
    # 50 rows in batches of 8: 7 steps an epoch, logged every 3 steps and at each epoch's end.
    assert [int(s) for s, _ in steps] == [3, 6, 7, 9, 12, 14], log
    assert all(math.isfinite(float(v)) and float(v) > 0 for _, v in steps)
    assert [int(e) for e, _, _ in epochs] == list(range(1, EPOCHS + 1)), log
    for _, loss, acc in epochs:
        assert math.isfinite(float(loss)) and float(loss) > 0
        assert float(acc) * 5 == pytest.approx(round(float(acc) * 5)), "accuracy over 5 validation rows"
    # The launcher's regexes find one value per line, and only on these lines.
    assert len(re.findall(r"train_loss=([0-9.eE+-]+)", log)) == len(steps)
    assert len(re.findall(r"val_accuracy=([0-9.eE+-]+)", log)) == EPOCHS
    assert len(re.findall(r"val_loss=([0-9.eE+-]+)", log)) == EPOCHS
    assert "device=cpu" in log

    metrics = json.loads((root / "output" / "metrics.json").read_text())
    assert set(metrics) == {"val_loss", "val_accuracy", "epochs", "seconds"}
    assert metrics["epochs"] == EPOCHS and metrics["seconds"] > 0
    last = epochs[-1]
    assert metrics["val_loss"] == pytest.approx(float(last[1]), abs=1e-6)
    assert metrics["val_accuracy"] == pytest.approx(float(last[2]), abs=1e-6)


def test_train_saves_a_servable_model_dir(tiny, trained):
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    model_dir = trained[0] / "model"
    model = AutoModelForSequenceClassification.from_pretrained(model_dir)
    assert model.config.num_labels == 5
    assert model.config.id2label == {i: str(i + 1) for i in range(5)}
    assert AutoTokenizer.from_pretrained(model_dir).model_max_length == MAX_LENGTH
    assert filecmp.cmp(model_dir / "code" / "inference.py", LAB2 / "inference.py", shallow=False)
    assert filecmp.cmp(model_dir / "code" / "requirements.txt", LAB2 / "requirements.txt", shallow=False)
    # Trained, not the starting weights: the encoder moved.
    start = AutoModelForSequenceClassification.from_pretrained(tiny / "model", num_labels=5)
    name = "distilbert.embeddings.word_embeddings.weight"
    assert not torch.equal(model.state_dict()[name], start.state_dict()[name])


def test_train_names_a_missing_channel(tiny, tmp_path):
    (tmp_path / "train").mkdir()
    result = run([LAB2 / "train.py", "--model-name", tiny / "model"], SM_CHANNEL_TRAIN=tmp_path / "train",
                 SM_CHANNEL_VALIDATION=tmp_path / "validation", SM_MODEL_DIR=tmp_path / "m", SM_NUM_GPUS=0,
                 **OFFLINE)
    line = one_error_line(result)
    assert "'train'" in line and str(tmp_path / "train" / "data.pt") in line


@pytest.fixture(scope="module")
def endpoint(trained):
    model_dir = trained[0] / "model"
    handler = load_handler(model_dir / "code" / "inference.py", "lab2_inference")
    return handler, handler.model_fn(str(model_dir))


def ask(handler, bundle, body, content_type):
    answer = handler.output_fn(handler.predict_fn(handler.input_fn(body, content_type), bundle), "application/json")
    return json.loads(answer)["predictions"]


def test_inference_answers_json_and_csv_alike(endpoint):
    handler, bundle = endpoint
    texts = [review(r, 3) for r in WORDS] + ["good, \"really\" good product"]
    by_json = ask(handler, bundle, json.dumps({"instances": texts}).encode(), "application/json")
    assert len(by_json) == len(texts)
    for p in by_json:
        assert set(p) == {"star_rating", "score"}
        assert p["star_rating"] in range(1, 6) and 0.2 <= p["score"] <= 1.0, p  # the top of 5 classes
    # text/csv: one review a line; quoted lines are unquoted, unquoted commas kept as text.
    lines = [texts[0], f'"{texts[1]}"', *texts[2:5], '"good, ""really"" good product"', ""]
    by_csv = ask(handler, bundle, "\n".join(lines), "text/csv; charset=utf-8")
    assert [p["star_rating"] for p in by_csv] == [p["star_rating"] for p in by_json]
    for a, b in zip(by_csv, by_json):
        assert a["score"] == pytest.approx(b["score"], abs=1e-5)

    # The handler's answer is the model's own argmax, batched with padding or not.
    tokenizer, model = bundle["tokenizer"], bundle["model"]
    with torch.no_grad():
        for text, p in zip(texts, by_json):
            probs = model(**tokenizer([text], return_tensors="pt")).logits.softmax(1)[0]
            assert p["star_rating"] == int(probs.argmax()) + 1
            assert p["score"] == pytest.approx(float(probs.max()), abs=1e-5)


@pytest.mark.parametrize("body,content_type,match", [
    (b'{"instances": ["ok"]}', "application/x-npy", "unsupported content type"),
    (b"not json", "application/json", "not JSON"),
    (b'{"instances": [1, 2]}', "application/json", "list of strings"),
    (b'{"inputs": "text"}', "application/json", "list of strings"),
    (b'{"instances": []}', "application/json", "no reviews"),
    (b'{"instances": ["fine", "  "]}', "application/json", "empty"),
    (b"\n \n", "text/csv", "no reviews"),
    (b"\xff\xfe", "text/csv", "UTF-8"),
])
def test_inference_refuses_bad_input(endpoint, body, content_type, match):
    handler, _ = endpoint
    with pytest.raises(ValueError, match=match):
        handler.input_fn(body, content_type)


def test_inference_answers_the_prepared_samples(endpoint, prepared):
    handler, bundle = endpoint
    samples = (prepared[0] / "samples" / "samples.json").read_bytes()  # {"instances": [...], "labels": ...}
    predictions = ask(handler, bundle, samples, "application/json")
    assert len(predictions) == len(json.loads(samples)["labels"]) == 5


def test_inference_answers_only_json(endpoint):
    handler, bundle = endpoint
    with pytest.raises(ValueError, match="accept"):
        handler.output_fn(handler.predict_fn(["good"], bundle), "text/csv")
