"""Lab 3 training: a ResNet on the Oxford-IIIT pets, data-parallel on every GPU of every host.

With sagemaker_torch_distributed_enabled=true the container runs torchrun on each host,
and torchrun starts one copy of this script per GPU with RANK, LOCAL_RANK and WORLD_SIZE
set. Backend nccl on GPUs, gloo on CPU (tests, or a CPU fallback run). Run without
torchrun it trains alone. The lab compares --amp true with --amp false: the same script,
the same data, so only mixed precision differs.
"""
import argparse
import io
import json
import os
import shutil
import sys
import time

import pyarrow.parquet as pq
import torch
import torch.distributed as dist
import torch.nn.functional as F
from PIL import Image
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, Dataset, Subset
from torch.utils.data.distributed import DistributedSampler
from torchvision import transforms

from inference import MEAN, NUM_CLASSES, STD, build_model, eval_transform

# Test images kept for labguide to send to the endpoint.
SAMPLES = 5

HERE = os.path.dirname(os.path.abspath(__file__))


def flag(text):
    # Hyperparameters arrive as strings; JSON-decoded booleans come through as "True".
    if str(text).lower() in ("true", "1", "yes"):
        return True
    if str(text).lower() in ("false", "0", "no"):
        return False
    raise argparse.ArgumentTypeError(f"expected true or false, got {text!r}")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--model", default="resnet50")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=64, help="per process (per GPU)")
    p.add_argument("--image-size", type=int, default=160)
    p.add_argument("--lr", type=float, default=0.001)
    p.add_argument("--amp", type=flag, default=False)
    p.add_argument("--workers", type=int, default=8, help="DataLoader workers per process")
    p.add_argument("--pretrained", type=flag, default=True)
    p.add_argument("--log-every", type=int, default=20, help="steps between progress lines")
    p.add_argument("--train-dir", default=os.environ.get("SM_CHANNEL_TRAIN", "/opt/ml/input/data/train"))
    p.add_argument("--test-dir", default=os.environ.get("SM_CHANNEL_TEST", "/opt/ml/input/data/test"))
    p.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "/opt/ml/model"))
    p.add_argument("--output-data-dir", default=os.environ.get("SM_OUTPUT_DATA_DIR", "/opt/ml/output/data"),
                   help="gets samples/: a few test images for labguide to send to the endpoint")
    return p.parse_args()


class ParquetImages(Dataset):
    """Every row of a channel's Parquet files: JPEG bytes kept encoded, decoded per item.

    The bytes stay in one Arrow buffer rather than millions of Python objects, so forked
    DataLoader workers share them instead of copying them page by page.
    """

    def __init__(self, folder, channel, transform):
        files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".parquet")) \
            if os.path.isdir(folder) else []
        if not files:
            sys.exit(f"train.py: no .parquet files in channel {channel!r} at {folder}")
        tables = [pq.read_table(f, columns=["image", "label"]) for f in files]
        self.classes = class_names(pq.read_schema(files[0]))
        images = [t.column("image").combine_chunks() for t in tables]
        # The hub's image column is a struct {bytes, path}; a plain binary column works too.
        self.images = [a.field("bytes") if hasattr(a.type, "num_fields") else a for a in images]
        self.labels = [t.column("label").to_numpy() for t in tables]
        self.index = [(i, j) for i, t in enumerate(tables) for j in range(t.num_rows)]
        if not self.index:
            sys.exit(f"train.py: channel {channel!r} at {folder} has Parquet files but no rows")
        self.transform = transform

    def __len__(self):
        return len(self.index)

    def __getitem__(self, k):
        i, j = self.index[k]
        image = Image.open(io.BytesIO(self.images[i][j].as_py())).convert("RGB")
        return self.transform(image), int(self.labels[i][j])


def class_names(schema):
    """The 37 breed names from the Hugging Face metadata the Parquet files carry."""
    try:
        info = json.loads(schema.metadata[b"huggingface"])
        names = info["info"]["features"]["label"]["names"]
        if len(names) == NUM_CLASSES:
            return names
    except (KeyError, TypeError, ValueError):
        pass
    return [f"class_{i}" for i in range(NUM_CLASSES)]  # no metadata: still 37 names


def main():
    args = parse_args()
    distributed = "RANK" in os.environ  # set by torchrun
    rank = int(os.environ.get("RANK", 0))
    local_rank = int(os.environ.get("LOCAL_RANK", 0))
    world = int(os.environ.get("WORLD_SIZE", 1))
    use_cuda = torch.cuda.is_available() and int(os.environ.get("SM_NUM_GPUS", "1")) > 0
    if use_cuda:
        torch.cuda.set_device(local_rank)
        device = torch.device("cuda", local_rank)
        torch.backends.cudnn.benchmark = True  # fixed image size: let cuDNN pick its fastest kernels
    else:
        device = torch.device("cpu")
    if distributed:
        dist.init_process_group(backend="nccl" if use_cuda else "gloo")
    main_process = rank == 0

    def log(line):
        if main_process:
            print(line, flush=True)

    log(f"world={world} device={device.type} model={args.model} amp={args.amp} batch_size={args.batch_size}")
    train_tf = transforms.Compose([
        transforms.RandomResizedCrop(args.image_size, scale=(0.35, 1.0)),
        transforms.RandomHorizontalFlip(),
        transforms.ToTensor(),
        transforms.Normalize(MEAN, STD),
    ])
    train_set = ParquetImages(args.train_dir, "train", train_tf)
    test_set = ParquetImages(args.test_dir, "test", eval_transform(args.image_size))

    # DistributedSampler gives every process the same number of batches (drop_last keeps
    # BatchNorm away from a batch of one), so DDP's all-reduces always pair up.
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=0)
    loader_opts = dict(num_workers=args.workers, pin_memory=use_cuda, persistent_workers=args.workers > 0)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, sampler=sampler, drop_last=True, **loader_opts)
    if len(train_loader) == 0:
        sys.exit(f"train.py: {len(train_set)} training images give no full batch of {args.batch_size} "
                 f"on each of {world} processes: lower --batch-size")
    # Evaluation: each process scores every world-th image (no padding), the sums are added up.
    test_loader = DataLoader(Subset(test_set, range(rank, len(test_set), world)),
                             batch_size=args.batch_size, **loader_opts)

    if args.pretrained and distributed:
        # One download per host: local rank 0 fills the cache, the others read it.
        if local_rank == 0:
            build_model(args.model, pretrained=True)
        dist.barrier()
    model = build_model(args.model, pretrained=args.pretrained).to(device, memory_format=torch.channels_last)
    if distributed:
        model = DistributedDataParallel(model, device_ids=[local_rank] if use_cuda else None)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr)
    # float16 + GradScaler on GPUs; CPUs autocast to bfloat16, which needs no scaler.
    amp_dtype = torch.float16 if use_cuda else torch.bfloat16
    scaler = torch.amp.GradScaler("cuda", enabled=args.amp and use_cuda)

    def to_device(x, y):
        return (x.to(device, non_blocking=True, memory_format=torch.channels_last),
                y.to(device, non_blocking=True))

    def all_sum(values):
        t = torch.tensor(values, dtype=torch.float64, device=device)
        if distributed:
            dist.all_reduce(t)
        return t.tolist()

    steps = len(train_loader)
    train_images, train_seconds, run_start = 0, 0.0, time.time()
    for epoch in range(1, args.epochs + 1):
        epoch_start = time.time()
        model.train()
        sampler.set_epoch(epoch)
        # The loss adds up on the device: no per-step .item(), no per-step GPU stall.
        window_loss, window_images, window_start = torch.zeros((), device=device), 0, time.time()
        for step, (x, y) in enumerate(train_loader, 1):
            x, y = to_device(x, y)
            with torch.autocast(device.type, dtype=amp_dtype, enabled=args.amp):
                loss = F.cross_entropy(model(x), y)
            optimizer.zero_grad(set_to_none=True)
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
            window_loss += loss.detach().float() * len(y)
            window_images += len(y)
            if step % args.log_every == 0 or step == steps:
                # .item() waits for the GPU, so the clock below measures finished work.
                loss_sum, images = all_sum([window_loss.item(), window_images])
                elapsed = time.time() - window_start
                log(f"epoch={epoch} step={step}/{steps} train_loss={loss_sum / images:.6f} "
                    f"images_per_sec={images / max(elapsed, 1e-9):.2f}")
                window_loss.zero_()
                window_images, window_start = 0, time.time()
        train_seconds += time.time() - epoch_start
        train_images += steps * args.batch_size * world

        model.eval()
        loss_sum, top1, top5, count = 0.0, 0, 0, 0
        with torch.no_grad():
            for x, y in test_loader:
                x, y = to_device(x, y)
                with torch.autocast(device.type, dtype=amp_dtype, enabled=args.amp):
                    out = model(x)
                loss_sum += F.cross_entropy(out.float(), y, reduction="sum").item()
                best5 = out.topk(5, dim=1).indices
                top1 += (best5[:, 0] == y).sum().item()
                top5 += (best5 == y[:, None]).any(dim=1).sum().item()
                count += len(y)
        loss_sum, top1, top5, count = all_sum([loss_sum, top1, top5, count])
        count = max(count, 1)
        log(f"epoch={epoch} test_loss={loss_sum / count:.6f} test_acc1={top1 / count:.6f} "
            f"test_acc5={top5 / count:.6f} epoch_seconds={time.time() - epoch_start:.3f}")

    # images_per_sec here is over the training phases only, evaluation excluded.
    log(f"total_seconds={time.time() - run_start:.3f} images_per_sec={train_images / max(train_seconds, 1e-9):.2f}")
    if main_process:
        save(model.module if distributed else model, train_set.classes, args)
        write_samples(test_set, args.output_data_dir)
    if distributed:
        dist.destroy_process_group()


def write_samples(test_set, output_dir, count=SAMPLES):
    """A few test images as they came (JPEG bytes) and their true breeds.

    The training container packs SM_OUTPUT_DATA_DIR into output.tar.gz beside the model,
    which labguide reads to ask the endpoint about images the model has never trained on.
    """
    folder = os.path.join(output_dir, "samples")
    os.makedirs(folder, exist_ok=True)
    files, labels = [], []
    for k in range(min(count, len(test_set))):
        i, j = test_set.index[k]
        name = f"sample-{k}.jpg"
        with open(os.path.join(folder, name), "wb") as f:
            f.write(test_set.images[i][j].as_py())
        files.append(name)
        labels.append(test_set.classes[int(test_set.labels[i][j])])
    with open(os.path.join(folder, "samples.json"), "w") as f:
        json.dump({"labels": labels, "files": files}, f)
    print(f"samples={len(files)} in {folder}", flush=True)


def save(model, classes, args):
    os.makedirs(os.path.join(args.model_dir, "code"), exist_ok=True)
    # Contiguous weights load into any fresh model, whatever memory format training used.
    state = {k: v.contiguous() for k, v in model.state_dict().items()}
    torch.save(state, os.path.join(args.model_dir, "model.pth"))
    with open(os.path.join(args.model_dir, "classes.json"), "w") as f:
        json.dump(classes, f)
    with open(os.path.join(args.model_dir, "model.json"), "w") as f:
        json.dump({"model": args.model, "image_size": args.image_size}, f)
    # The inference image looks for code/inference.py inside model.tar.gz.
    shutil.copy(os.path.join(HERE, "inference.py"), os.path.join(args.model_dir, "code", "inference.py"))
    print(f"saved model.pth, classes.json, model.json and code/inference.py to {args.model_dir}", flush=True)


if __name__ == "__main__":
    main()
