"""Lab 2 endpoint handler: review text in, star rating (1..5) and its probability out.

For the SageMaker PyTorch or Hugging Face inference container: model_fn once, then
input_fn -> predict_fn -> output_fn per request. The model archive holds what train.py
saved: the model and tokenizer (save_pretrained) beside this file's code/ folder.

Requests:
  application/json  {"instances": ["review", ...]} (a bare list of strings works too)
  text/csv          one review a line; a line that is one quoted CSV field is unquoted
Answer: {"predictions": [{"star_rating": 1..5, "score": probability}, ...]}, in request order.
"""
import csv
import json

import torch
import torch.nn.functional as F
from transformers import AutoModelForSequenceClassification, AutoTokenizer

JSON, CSV = "application/json", "text/csv"
BATCH = 32  # reviews per forward pass: bounds memory on a large request
MAX_INSTANCES = 1000


def model_fn(model_dir):
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForSequenceClassification.from_pretrained(model_dir).to(device).eval()
    # train.py stored its max_length as model_max_length; never past the position embeddings.
    limit = getattr(model.config, "max_position_embeddings", 512)
    max_length = min(int(tokenizer.model_max_length), limit)
    return {"model": model, "tokenizer": tokenizer, "device": device, "max_length": max_length}


def media_type(value):
    return (value or "").split(";")[0].strip().lower()


def input_fn(body, content_type):
    kind = media_type(content_type)
    if kind not in (JSON, CSV):
        raise ValueError(f"unsupported content type {content_type!r}: send {JSON} or {CSV}")
    if isinstance(body, (bytes, bytearray)):
        try:
            body = body.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError("the request body is not UTF-8 text") from None
    if kind == JSON:
        try:
            data = json.loads(body)
        except json.JSONDecodeError as e:
            raise ValueError(f"the request body is not JSON: {e}") from None
        if isinstance(data, dict):
            data = data.get("instances")
        if not isinstance(data, list) or not all(isinstance(t, str) for t in data):
            raise ValueError('expected {"instances": ["review text", ...]}: a list of strings')
        texts = data
    else:
        texts = [one_field(line) for line in body.splitlines()]
    texts = [" ".join(t.split()) for t in texts]
    texts = [t for t in texts if t] if kind == CSV else texts
    if not texts:
        raise ValueError("no reviews in the request: send at least one non-empty text")
    if any(not t for t in texts):
        raise ValueError("an instance is empty: every review needs some text")
    if len(texts) > MAX_INSTANCES:
        raise ValueError(f"{len(texts)} reviews in one request; send at most {MAX_INSTANCES}")
    return texts


def one_field(line):
    # A review with commas is still one review: only a single quoted field gets unquoted.
    fields = next(csv.reader([line]), [])
    return fields[0] if len(fields) == 1 else line


def predict_fn(texts, bundle):
    model, tokenizer, device = bundle["model"], bundle["tokenizer"], bundle["device"]
    predictions = []
    with torch.no_grad():
        for start in range(0, len(texts), BATCH):
            encoded = tokenizer(texts[start:start + BATCH], truncation=True, padding=True,
                                max_length=bundle["max_length"], return_tensors="pt").to(device)
            logits = model(input_ids=encoded["input_ids"], attention_mask=encoded["attention_mask"]).logits
            probs = F.softmax(logits.float(), dim=1)
            score, index = probs.max(dim=1)
            predictions += [{"star_rating": int(i) + 1, "score": float(s)} for s, i in zip(score, index)]
    return predictions


def output_fn(predictions, accept=JSON):
    if media_type(accept) not in ("", JSON, "*/*"):
        raise ValueError(f"unsupported accept type {accept!r}: the answer is {JSON}")
    return json.dumps({"predictions": predictions})
