"""Shared helpers for the labs' script tests: tiny data made here, the scripts run as the
SageMaker containers run them (separate processes, env vars and --key value args), on CPU,
with no network but loopback."""
import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import torch

LABS = Path(__file__).resolve().parent.parent
LAB0 = LABS / "lab0-mnist"
LAB3 = LABS / "lab3-pets"
LAB1 = LABS / "lab1-reviews"
LAB1_FETCH = LABS / "lab1-fetch"
LAB2 = LABS / "lab2-bert"

# Two cores: one thread per process keeps the two-process runs from fighting.
torch.set_num_threads(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def script_env(**extra):
    env = dict(os.environ)
    for proxy in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        env.pop(proxy, None)
    env.update(
        OMP_NUM_THREADS="1",
        MKL_NUM_THREADS="1",
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",  # no __pycache__ inside assets/labs, which is shipped
        GLOO_SOCKET_IFNAME="lo",  # gloo must not pick an interface that leaves the machine
        NO_PROXY="127.0.0.1,localhost",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run(args, timeout=120, **env):
    """Run a lab script with the interpreter running the tests; returns CompletedProcess."""
    return subprocess.run([sys.executable, *map(str, args)], env=script_env(**env), capture_output=True,
                          text=True, timeout=timeout)


def start(args, **env):
    return subprocess.Popen([sys.executable, *map(str, args)], env=script_env(**env), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def load_handler(path, name):
    """Import an inference.py by path, as the inference container imports code/inference.py."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def one_error_line(result):
    """A failed script says what is missing in one line on stderr."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode != 0, result.stdout + result.stderr
    assert len(lines) == 1, f"expected one line on stderr, got:\n{result.stderr}"
    return lines[0]


@pytest.fixture
def port():
    return free_port()
