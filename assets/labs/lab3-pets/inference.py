"""Lab 3 endpoint handler: a pet photo in, the five likeliest breeds out.

For the SageMaker PyTorch inference container (model_fn once, then input_fn ->
predict_fn -> output_fn per request). train.py imports build_model and eval_transform
from here so training, evaluation and the endpoint all see images the same way.
"""
import io
import json
import os

import torch
import torch.nn.functional as F
import torchvision
from PIL import Image
from torchvision import transforms

NUM_CLASSES = 37
# ImageNet statistics: the torchvision backbones were pretrained with them.
MEAN, STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)
IMAGE_TYPES = ("image/jpeg", "image/png", "application/x-image")


def build_model(name, pretrained=False, num_classes=NUM_CLASSES):
    """A torchvision ResNet (resnet18/34/50/...) with a new head for the pet classes."""
    weights = "DEFAULT" if pretrained else None
    model = getattr(torchvision.models, name)(weights=weights)
    model.fc = torch.nn.Linear(model.fc.in_features, num_classes)
    return model


def eval_transform(image_size):
    # Resize a little larger and centre-crop: the usual evaluation view of a photo.
    return transforms.Compose([
        transforms.Resize(int(image_size * 1.14)),
        transforms.CenterCrop(image_size),
        transforms.ToTensor(),
        transforms.Normalize(MEAN, STD),
    ])


def model_fn(model_dir):
    with open(os.path.join(model_dir, "classes.json")) as f:
        classes = json.load(f)
    # model.json says which backbone and image size train.py used (defaults: the lab's).
    meta = {"model": "resnet50", "image_size": 160}
    meta_path = os.path.join(model_dir, "model.json")
    if os.path.isfile(meta_path):
        with open(meta_path) as f:
            meta.update(json.load(f))
    model = build_model(meta["model"], num_classes=len(classes))
    state = torch.load(os.path.join(model_dir, "model.pth"), map_location="cpu", weights_only=True)
    model.load_state_dict(state)
    return {"model": model.eval(), "classes": classes, "transform": eval_transform(meta["image_size"])}


def input_fn(body, content_type):
    if not content_type or content_type.split(";")[0].strip() not in IMAGE_TYPES:
        raise ValueError(f"unsupported content type {content_type!r}: send one of {', '.join(IMAGE_TYPES)}")
    return Image.open(io.BytesIO(body)).convert("RGB")


def predict_fn(image, bundle):
    x = bundle["transform"](image).unsqueeze(0)
    with torch.no_grad():
        probs = F.softmax(bundle["model"](x), dim=1)[0]
    top = probs.topk(min(5, probs.numel()))
    return [(bundle["classes"][i], float(p)) for p, i in zip(top.values, top.indices)]


def output_fn(prediction, accept="application/json"):
    return json.dumps({"top5": [{"class": name, "probability": p} for name, p in prediction]})
