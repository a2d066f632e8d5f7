"""Lab 0 PyTorch training on several CPU hosts, distributed by hand over gloo.

SageMaker starts this script once per host. The hosts find each other the way the 2021
lab did: the world is SM_HOSTS, this host's rank is its place in that list, and the first
host is the rendezvous point (MASTER_ADDR/MASTER_PORT in the environment win, so a test
can point both processes at 127.0.0.1 and a free port).
"""
import argparse
import gzip
import json
import os
import pickle
import shutil
import sys

import torch
import torch.distributed as dist
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler

from inference import Net

HERE = os.path.dirname(os.path.abspath(__file__))


def parse_args():
    p = argparse.ArgumentParser(description=__doc__)
    # Hyperparameters, as the container passes them.
    p.add_argument("--epochs", type=int, default=4)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--backend", default="gloo")
    # Where things are: the container's environment, overridable for local runs.
    p.add_argument("--data-dir", default=os.environ.get("SM_CHANNEL_TRAINING", "/opt/ml/input/data/training"))
    p.add_argument("--model-dir", default=os.environ.get("SM_MODEL_DIR", "/opt/ml/model"))
    p.add_argument("--hosts", default=os.environ.get("SM_HOSTS", '["algo-1"]'), help="JSON list")
    p.add_argument("--current-host", default=os.environ.get("SM_CURRENT_HOST", "algo-1"))
    return p.parse_args()


def load_mnist(data_dir):
    path = os.path.join(data_dir, "mnist.pkl.gz")
    if not os.path.isfile(path):
        sys.exit(f"train.py: training channel has no mnist.pkl.gz: {path} missing")
    with gzip.open(path, "rb") as f:
        train, _valid, test = pickle.load(f, encoding="latin1")  # pickled by Python 2

    def as_dataset(split):
        x, y = split
        return TensorDataset(torch.as_tensor(x, dtype=torch.float32), torch.as_tensor(y, dtype=torch.int64))

    return as_dataset(train), as_dataset(test)


def main():
    args = parse_args()
    hosts = json.loads(args.hosts)
    if args.current_host not in hosts:
        sys.exit(f"train.py: current host {args.current_host!r} is not in SM_HOSTS {hosts}")
    world, rank = len(hosts), hosts.index(args.current_host)
    distributed = world > 1
    if distributed:
        os.environ.setdefault("MASTER_ADDR", hosts[0])
        os.environ.setdefault("MASTER_PORT", "29500")
        dist.init_process_group(backend=args.backend, rank=rank, world_size=world)
        print(f"host {args.current_host}: rank {rank} of {world} ({args.backend})", flush=True)

    torch.manual_seed(1)  # the same initial weights on every rank
    train_set, test_set = load_mnist(args.data_dir)
    # Each rank trains on its own shard; DistributedSampler also keeps shard sizes equal, so
    # every rank takes the same number of steps and DDP's gradient all-reduce never waits forever.
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=1)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, sampler=sampler)
    # Evaluation is sharded too (every world-th sample, no padding) and the sums are added up.
    test_shard = torch.utils.data.Subset(test_set, range(rank, len(test_set), world))
    test_loader = DataLoader(test_shard, batch_size=1000)

    model = Net()
    if distributed:
        model = DistributedDataParallel(model)
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr, momentum=0.5)

    for epoch in range(1, args.epochs + 1):
        model.train()
        sampler.set_epoch(epoch)
        totals = torch.zeros(2)  # loss sum, samples
        for x, y in train_loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
            totals += torch.tensor([loss.item() * len(y), len(y)])
        if distributed:
            dist.all_reduce(totals)
        if rank == 0:
            print(f"epoch={epoch} train_loss={totals[0] / max(totals[1], 1):.6f}", flush=True)

        model.eval()
        totals = torch.zeros(3)  # loss sum, correct, samples
        with torch.no_grad():
            for x, y in test_loader:
                out = model(x)
                totals += torch.tensor([F.cross_entropy(out, y, reduction="sum").item(),
                                        (out.argmax(1) == y).sum().item(), len(y)])
        if distributed:
            dist.all_reduce(totals)
        if rank == 0:
            n = max(totals[2].item(), 1)
            print(f"epoch={epoch} test_loss={totals[0] / n:.6f} test_accuracy={totals[1] / n:.6f}", flush=True)

    if rank == 0:
        save(model.module if distributed else model, args.model_dir)
    if distributed:
        dist.destroy_process_group()


def save(model, model_dir):
    os.makedirs(os.path.join(model_dir, "code"), exist_ok=True)
    torch.save(model.state_dict(), os.path.join(model_dir, "model.pth"))
    # The model archive serves itself: the inference container looks for code/inference.py.
    shutil.copy(os.path.join(HERE, "inference.py"), os.path.join(model_dir, "code", "inference.py"))
    print(f"saved model.pth and code/inference.py to {model_dir}", flush=True)


if __name__ == "__main__":
    main()
