"""Lab 0 endpoint handler for the SageMaker PyTorch inference container.

The container imports this module from the model archive's code/ folder and calls
model_fn once, then input_fn -> predict_fn -> output_fn for every request.
train.py imports Net from here, so the network the endpoint rebuilds is the one trained.
"""
import json
import os

import torch
from torch import nn
import torch.nn.functional as F

# MNIST pixel statistics; normalising inside the model means callers send raw 0..1 pixels.
MEAN, STD = 0.1307, 0.3081


class Net(nn.Module):
    """A small convolutional net for 28x28 digits: two conv layers, two dense layers."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, kernel_size=5)
        self.conv2 = nn.Conv2d(16, 32, kernel_size=5)
        self.drop = nn.Dropout(0.25)
        self.fc1 = nn.Linear(32 * 4 * 4, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        # Accept flat rows of 784 pixels as well as [n, 1, 28, 28] images.
        x = (x.view(-1, 1, 28, 28) - MEAN) / STD
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = self.drop(F.relu(self.fc1(x.flatten(1))))
        return self.fc2(x)


def model_fn(model_dir):
    model = Net()
    state = torch.load(os.path.join(model_dir, "model.pth"), map_location="cpu", weights_only=True)
    model.load_state_dict(state)
    return model.eval()


def input_fn(body, content_type):
    """application/json: a list of 784-float rows, one such row, or {"instances": rows}."""
    if not content_type or content_type.split(";")[0].strip() != "application/json":
        raise ValueError(f"unsupported content type {content_type!r}: send application/json")
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8")
    data = json.loads(body)
    if isinstance(data, dict):
        data = data.get("instances")
    if isinstance(data, list) and data and not isinstance(data[0], list):
        data = [data]  # a single image
    if not isinstance(data, list) or not data:
        raise ValueError('expected a list of 784-float lists or {"instances": [...]}')
    rows = torch.tensor(data, dtype=torch.float32)
    if rows.dim() != 2 or rows.shape[1] != 784:
        raise ValueError(f"each instance must have 784 floats, got shape {list(rows.shape)}")
    return rows


def predict_fn(rows, model):
    with torch.no_grad():
        probs = F.softmax(model(rows), dim=1)
    return probs.max(dim=1)


def output_fn(prediction, accept="application/json"):
    probability, digit = prediction
    out = [{"digit": int(d), "probability": float(p)} for d, p in zip(digit, probability)]
    return json.dumps({"predictions": out})
