#!/usr/bin/env python3
"""PyTorch's half of the DL4J-vs-PyTorch comparison: the networks of FrameworkStepTimer.java, built identically.

usage: python3 bench/torch_twin.py OUT_JSON [ROUNDS [NETWORK ...]]

Times one SGD training step (zero_grad, forward, loss, backward, step) on one fixed batch, the way DL4J's
fit(DataSet) does it, after $BENCH_WARMUP_SECONDS (default 10) s of warm-up training; the estimate is the mean of
the fastest third of the rounds (other processes only ever add time). Needs Debian's python3-torch (1.13, CPU): apt-get install python3-torch.
Threads: torch.set_num_threads(os.cpu_count()), as DL4J's libnd4j uses every core ($TORCH_THREADS overrides).
"""
import json
import os
import sys
import time

import torch
from torch import nn

VOCABULARY = 65
BPTT = 35
WARM_UP_SECONDS = float(os.environ.get("BENCH_WARMUP_SECONDS", "10"))


def mlp():
    return nn.Sequential(nn.Linear(784, 500), nn.ReLU(), nn.Linear(500, 500), nn.ReLU(), nn.Linear(500, 10))


def lenet():
    return nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
                         nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Flatten(),
                         nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))


def vggish():
    layers, channels = [], 3
    for i, width in enumerate([32, 32, 64, 64]):
        layers += [nn.Conv2d(channels, width, 3, padding=1), nn.BatchNorm2d(width), nn.ReLU()]
        channels = width
        if i % 2 == 1:
            layers.append(nn.MaxPool2d(2, 2))
    return nn.Sequential(*layers, nn.Flatten(), nn.Linear(64 * 8 * 8, 256), nn.ReLU(), nn.Linear(256, 10))


class CharLstm(nn.Module):
    """Embedding 100, 2 x LSTM 100, dropout 0.2 before each LSTM and the decoder (Models.languageModel)."""

    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(VOCABULARY, 100)
        self.drop = nn.Dropout(0.2)
        self.lstm1 = nn.LSTM(100, 100, batch_first=True)
        self.lstm2 = nn.LSTM(100, 100, batch_first=True)
        self.decoder = nn.Linear(100, VOCABULARY)

    def forward(self, tokens):
        h, _ = self.lstm1(self.drop(self.embedding(tokens)))
        h, _ = self.lstm2(self.drop(h))
        return self.decoder(self.drop(h)).reshape(-1, VOCABULARY)


def image_batch(batch, shape):
    g = torch.Generator().manual_seed(7)
    return torch.rand((batch, *shape), generator=g), torch.arange(batch) % 10


def char_batch():
    g = torch.Generator().manual_seed(7)
    tokens = torch.randint(VOCABULARY, (20, BPTT), generator=g)
    targets = torch.randint(VOCABULARY, (20, BPTT), generator=g)
    return tokens, targets.reshape(-1)


# name -> (model factory, batch factory, batch size, iterations per round); FrameworkStepTimer.networks()
NETWORKS = {
    "mlp": (mlp, lambda: image_batch(64, (784,)), 64, 40),
    "lenet": (lenet, lambda: image_batch(64, (1, 28, 28)), 64, 20),
    "vggish": (vggish, lambda: image_batch(32, (3, 32, 32)), 32, 10),
    "charlstm": (CharLstm, char_batch, 20, 10),
}


def time_network(name, rounds):
    factory, data, _, iterations = NETWORKS[name]
    torch.manual_seed(1)
    model = factory()
    model.train()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    x, y = data()

    def fit():
        start = time.perf_counter()
        for _ in range(iterations):
            optimizer.zero_grad()
            loss_fn(model(x), y).backward()
            optimizer.step()
        return (time.perf_counter() - start) * 1000 / iterations

    # the same warm-up as FrameworkStepTimer's (-Dbench.warmUpSeconds), though PyTorch has no JIT to wait for
    warm_up_end = time.perf_counter() + WARM_UP_SECONDS
    fit()
    while time.perf_counter() < warm_up_end:
        fit()
    return [fit() for _ in range(rounds)]


def fastest_third(values):
    s = sorted(values)
    k = max(1, len(s) // 3)
    return sum(s[:k]) / k


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "bench-results/torch-steps.json"
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 9
    names = sys.argv[3:] or list(NETWORKS)
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", os.cpu_count())))
    results = {}
    for name in names:
        ms = time_network(name, rounds)
        results[name] = {"batch": NETWORKS[name][2], "msPerIteration": fastest_third(ms), "rounds": ms}
        print(f"torch {name:<9} batch {NETWORKS[name][2]:3d}: {fastest_third(ms):.2f} ms/iteration"
              f" (fastest third of {rounds} rounds)")
    setup = f"threads={torch.get_num_threads()}, {torch.__config__.parallel_info().splitlines()[-1].strip()}"
    with open(out, "w") as f:
        json.dump({"framework": "PyTorch " + torch.__version__, "setup": setup, "networks": results}, f, indent=2)


if __name__ == "__main__":
    main()
