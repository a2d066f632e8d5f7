"""Lab 3 processing step: copy the Oxford-IIIT Pet Parquet files from the Hugging Face hub.

Standard library only (urllib), so it runs in any Python image with no install step.
The hub's file list names the split in each file name (train-..., test-...), and each
split lands in its own output folder, which the launcher uploads as one S3 prefix.
"""
import argparse
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request

REPO = "timm/oxford-iiit-pet"
SPLITS = ("train", "test")


def request(url, attempts, wait):
    """Open url, retrying network errors, 429 and 5xx with a doubling wait."""
    for attempt in range(1, attempts + 1):
        try:
            return urllib.request.urlopen(urllib.request.Request(url, headers={"User-Agent": "labguide-fetch"}),
                                          timeout=60)
        except urllib.error.HTTPError as e:
            if e.code != 429 and e.code < 500:
                sys.exit(f"fetch.py: {url} answered HTTP {e.code}")
            error = f"HTTP {e.code}"
        except (urllib.error.URLError, OSError) as e:
            error = str(getattr(e, "reason", e))
        if attempt == attempts:
            sys.exit(f"fetch.py: {url} failed {attempts} times, last: {error}")
        print(f"retry {attempt}/{attempts - 1} in {wait:g}s: {url}: {error}", flush=True)
        time.sleep(wait)
        wait *= 2


def list_files(base, attempts, wait):
    """Every file under data/ in the dataset repo, following the hub's Link: rel=next pages."""
    url, files = f"{base}/api/datasets/{REPO}/tree/main/data", []
    while url:
        with request(url, attempts, wait) as r:
            files += [e for e in json.load(r) if e.get("type") == "file"]
            next_page = re.search(r'<([^>]+)>;\s*rel="next"', r.headers.get("Link", ""))
        url = next_page.group(1) if next_page else None
    return files


def download(url, dest, attempts, wait):
    # Write beside the target and rename, so a failed transfer never leaves a half file.
    part = dest + ".part"
    with request(url, attempts, wait) as r, open(part, "wb") as out:
        while chunk := r.read(1 << 20):
            out.write(chunk)
    os.replace(part, dest)
    return os.path.getsize(dest)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--output", default=os.environ.get("LAB_OUTPUT", "/opt/ml/processing/output"),
                   help="folder that gets train/ and test/")
    p.add_argument("--attempts", type=int, default=5)
    p.add_argument("--retry-wait", type=float, default=2.0, help="seconds before the first retry")
    args = p.parse_args()
    base = os.environ.get("HF_ENDPOINT", "https://huggingface.co").rstrip("/")

    files = list_files(base, args.attempts, args.retry_wait)
    for split in SPLITS:
        wanted = [f for f in files
                  if os.path.basename(f["path"]).startswith(split + "-") and f["path"].endswith(".parquet")]
        if not wanted:
            sys.exit(f"fetch.py: no {split}-*.parquet files in {base}/api/datasets/{REPO}/tree/main/data")
        folder = os.path.join(args.output, split)
        os.makedirs(folder, exist_ok=True)
        total = 0
        for f in wanted:
            dest = os.path.join(folder, os.path.basename(f["path"]))
            size = download(f"{base}/datasets/{REPO}/resolve/main/{f['path']}", dest, args.attempts, args.retry_wait)
            listed = (f.get("lfs") or {}).get("size", f.get("size"))
            if listed is not None and listed != size:
                sys.exit(f"fetch.py: {dest} has {size} bytes, the hub listed {listed}")
            total += size
        print(f"files={len(wanted)} bytes={total}", flush=True)


if __name__ == "__main__":
    main()
