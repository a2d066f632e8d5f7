"""Lab 2 training: fine-tune DistilBERT to read a review and give its star rating (5 classes).

Channels (prepare.py's output): train and validation hold data.pt, tokenizer (optional)
the tokenizer prepare.py used. A plain PyTorch loop: AdamW, linear learning-rate decay,
mixed precision (float16 autocast) on a GPU, float32 on CPU.

Log lines the launcher's metric regexes read:
  step=<n> train_loss=<float>                        every --log-every steps and at each epoch's end
  epoch=<n> val_loss=<float> val_accuracy=<float>    after each epoch

SM_MODEL_DIR gets the model and tokenizer (save_pretrained) and code/inference.py with
code/requirements.txt, so model.tar.gz serves as it is. SM_OUTPUT_DATA_DIR gets metrics.json.
"""
import argparse
import json
import os
import random
import shutil
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset
from transformers import AutoModelForSequenceClassification, AutoTokenizer

NUM_LABELS = 5
HERE = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    sys.exit(f"train.py: {message}")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--learning-rate", type=float, default=5e-5)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--model-name", default="distilbert-base-uncased",
                   help="a Hugging Face hub name or a local folder holding a saved model")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--log-every", type=int, default=50, help="steps between train_loss lines")
    p.add_argument("--train-dir", default=os.environ.get("SM_CHANNEL_TRAIN", "/opt/ml/input/data/train"))
    p.add_argument("--validation-dir", default=os.environ.get("SM_CHANNEL_VALIDATION",
                                                              "/opt/ml/input/data/validation"))
    p.add_argument("--tokenizer-dir", default=os.environ.get("SM_CHANNEL_TOKENIZER"))
    p.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "/opt/ml/model"))
    p.add_argument("--output-data-dir", default=os.environ.get("SM_OUTPUT_DATA_DIR"))
    return p.parse_args()


def load_split(folder, channel):
    path = os.path.join(folder, "data.pt")
    if not os.path.isfile(path):
        fail(f"channel {channel!r} has no data.pt at {path}; give it prepare.py's {channel}/ output")
    data = torch.load(path, map_location="cpu", weights_only=True)
    missing = [k for k in ("input_ids", "attention_mask", "labels") if k not in data]
    if missing:
        fail(f"{path} lacks {', '.join(missing)}; write it with prepare.py")
    if len(data["labels"]) == 0:
        fail(f"{path} holds no rows")
    return TensorDataset(data["input_ids"], data["attention_mask"], data["labels"])


def trim(ids, mask):
    # Rows are padded to max_length; a batch needs only its longest row.
    length = max(int(mask.sum(1).max()), 1)
    return ids[:, :length], mask[:, :length]


def main():
    args = parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    use_cuda = torch.cuda.is_available() and int(os.environ.get("SM_NUM_GPUS", "1")) > 0
    device = torch.device("cuda" if use_cuda else "cpu")

    train_set = load_split(args.train_dir, "train")
    val_set = load_split(args.validation_dir, "validation")
    tokenizer_source = args.tokenizer_dir if args.tokenizer_dir and os.path.isdir(args.tokenizer_dir) \
        and os.listdir(args.tokenizer_dir) else args.model_name
    tokenizer = AutoTokenizer.from_pretrained(tokenizer_source)
    max_length = train_set.tensors[0].shape[1]
    tokenizer.model_max_length = max_length  # the endpoint truncates where training did

    labels = {i: str(i + 1) for i in range(NUM_LABELS)}  # class i is i + 1 stars
    model = AutoModelForSequenceClassification.from_pretrained(
        args.model_name, num_labels=NUM_LABELS, id2label=labels, label2id={v: k for k, v in labels.items()})
    vocab = model.get_input_embeddings().num_embeddings
    top_id = int(train_set.tensors[0].max())
    if top_id >= vocab:
        fail(f"token id {top_id} is outside {args.model_name}'s vocabulary of {vocab}: "
             f"prepare.py's tokenizer ({tokenizer_source}) does not belong to this model")
    model.to(device)
    print(f"device={device.type} model={args.model_name} train_rows={len(train_set)} "
          f"validation_rows={len(val_set)} max_length={max_length}", flush=True)

    generator = torch.Generator().manual_seed(args.seed)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True, generator=generator,
                              pin_memory=use_cuda)
    val_loader = DataLoader(val_set, batch_size=args.batch_size * 2, pin_memory=use_cuda)
    total_steps = max(args.epochs * len(train_loader), 1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.learning_rate)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: max(0.0, 1.0 - s / total_steps))
    # float16 needs the scaler; the CPU path runs plain float32 (no autocast, no scaler).
    scaler = torch.amp.GradScaler("cuda", enabled=use_cuda)

    step, start = 0, time.time()
    val_loss = val_accuracy = float("nan")
    for epoch in range(1, args.epochs + 1):
        model.train()
        window_loss, window_steps = 0.0, 0
        for batch, (ids, mask, y) in enumerate(train_loader, 1):
            ids, mask = trim(ids, mask)
            ids, mask, y = ids.to(device), mask.to(device), y.to(device)
            with torch.autocast(device.type, dtype=torch.float16, enabled=use_cuda):
                logits = model(input_ids=ids, attention_mask=mask).logits
            loss = F.cross_entropy(logits.float(), y)
            optimizer.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            scaler.step(optimizer)
            scaler.update()
            scheduler.step()
            step += 1
            window_loss += loss.item()
            window_steps += 1
            if step % args.log_every == 0 or batch == len(train_loader):
                print(f"step={step} train_loss={window_loss / window_steps:.6f}", flush=True)
                window_loss, window_steps = 0.0, 0

        model.eval()
        loss_sum, correct, count = 0.0, 0, 0
        with torch.no_grad():
            for ids, mask, y in val_loader:
                ids, mask = trim(ids, mask)
                ids, mask, y = ids.to(device), mask.to(device), y.to(device)
                with torch.autocast(device.type, dtype=torch.float16, enabled=use_cuda):
                    logits = model(input_ids=ids, attention_mask=mask).logits.float()
                loss_sum += F.cross_entropy(logits, y, reduction="sum").item()
                correct += (logits.argmax(1) == y).sum().item()
                count += len(y)
        val_loss, val_accuracy = loss_sum / count, correct / count
        print(f"epoch={epoch} val_loss={val_loss:.6f} val_accuracy={val_accuracy:.6f}", flush=True)

    seconds = time.time() - start
    save(model, tokenizer, args.model_dir)
    if args.output_data_dir:
        os.makedirs(args.output_data_dir, exist_ok=True)
        metrics = {"val_loss": val_loss, "val_accuracy": val_accuracy, "epochs": args.epochs,
                   "seconds": round(seconds, 3)}
        with open(os.path.join(args.output_data_dir, "metrics.json"), "w") as f:
            json.dump(metrics, f)
        print(f"wrote metrics.json to {args.output_data_dir}", flush=True)


def save(model, tokenizer, model_dir):
    os.makedirs(os.path.join(model_dir, "code"), exist_ok=True)
    model.save_pretrained(model_dir)
    tokenizer.save_pretrained(model_dir)
    # The inference containers look for code/inference.py inside model.tar.gz and pip-install
    # code/requirements.txt (the PyTorch inference image has no transformers).
    shutil.copy(os.path.join(HERE, "inference.py"), os.path.join(model_dir, "code", "inference.py"))
    shutil.copy(os.path.join(HERE, "requirements.txt"), os.path.join(model_dir, "code", "requirements.txt"))
    print(f"saved model, tokenizer and code/inference.py to {model_dir}", flush=True)


if __name__ == "__main__":
    main()
