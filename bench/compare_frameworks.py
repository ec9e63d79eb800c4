#!/usr/bin/env python3
"""DL4J vs PyTorch, side by side in one run: the training step of the same networks in both frameworks.

usage: python3 bench/compare_frameworks.py [OUT_DIR [PASSES [ROUNDS]]]
       (after: mvn -B -ntp -q -Pbench,cpu -pl bench -am package -DskipTests; needs apt-get install python3-torch)

Alternates PASSES times between one JVM running org.alrao4j.bench.FrameworkStepTimer (DL4J with CpuFastPath) and
one Python process running bench/torch_twin.py (PyTorch), ROUNDS timed rounds per network and process, so slow
phases of a shared machine hit both frameworks alike. Each framework's figure is the fastest per-pass estimate (a
pass's estimate is the mean of its fastest third of rounds). Writes OUT_DIR/frameworks.json and
OUT_DIR/frameworks.md (ms/iteration and the DL4J/PyTorch ratio against the targets of issue 7). The twin runs
under $TORCH_PYTHON (default /usr/bin/python3, where Debian installs torch). Each network trains for
$BENCH_WARMUP_SECONDS (default 10) before its timed rounds, in both frameworks: the JVM's JIT compilers work on
DL4J's and ND4J's code for seconds, and a compiler thread that preempts one of libnd4j's two OpenMP threads stalls
the whole op (the MLP measured 5.2 ms per step after one warm-up round, 2.2 ms after 10 s).

Both frameworks get the machine's cores: DL4J through libnd4j's OpenMP pool (OpenBLAS limited to one thread by
CpuFastPath), PyTorch through its OpenMP pool with OPENBLAS_NUM_THREADS=1 (Debian's torch calls the system
OpenBLAS; its own pthread pool on top of torch's OpenMP threads oversubscribes the cores and makes the MLP 3-5x
slower).
"""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TARGETS = {"mlp": 1.0, "lenet": 1.5, "vggish": 1.5, "charlstm": 1.5}
NATIVE = "-native"  # a DL4J network built with alrao4j's native layers, compared with the same PyTorch twin
# Debian's python3-torch lives in the system interpreter, not in a pyenv/venv one that may come first on PATH
TORCH_PYTHON = os.environ.get("TORCH_PYTHON", "/usr/bin/python3" if os.path.exists("/usr/bin/python3")
                              else sys.executable)
LABELS = {"mlp": "MLP 784-500-500-10", "lenet": "LeNet 28x28x1", "vggish": "VGG-ish 32x32x3",
          "charlstm": "char-LSTM 2x100, 35 steps",
          }


def twin(net):
    """The PyTorch network (and target) a DL4J network is compared with."""
    return net[:-len(NATIVE)] if net.endswith(NATIVE) else net


def label(net):
    return LABELS[twin(net)] + (", alrao4j native layers" if net.endswith(NATIVE) else ", DL4J layers")


def run_pass(out, rounds):
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", ND4J_SKIP_BLAS_THREADS="1")
    jar = os.path.join(HERE, "target", "bench.jar")
    warm_up = env.setdefault("BENCH_WARMUP_SECONDS", "10")  # both frameworks train this long before timing
    subprocess.run(["java", "-Dorg.bytedeco.javacpp.platform.extension=-onednn-avx2",
                    "-Dbench.warmUpSeconds=" + warm_up, "-cp", jar,
                    "org.alrao4j.bench.FrameworkStepTimer", out, str(rounds)], check=True, env=env)
    subprocess.run([TORCH_PYTHON, os.path.join(HERE, "torch_twin.py"), os.path.join(out, "torch-steps.json"),
                    str(rounds)], check=True, env=env)
    with open(os.path.join(out, "dl4j-steps.json")) as f:
        dl4j = json.load(f)
    with open(os.path.join(out, "torch-steps.json")) as f:
        torch = json.load(f)
    return dl4j, torch


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "bench-results"
    passes = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 6
    os.makedirs(out, exist_ok=True)
    best, setups = {"dl4j": {}, "torch": {}}, {}
    for p in range(passes):
        for name, result in zip(("dl4j", "torch"), run_pass(out, rounds)):
            setups[name] = result["framework"] + " (" + result["setup"] + ")"
            for net, r in result["networks"].items():
                best[name].setdefault(net, []).append(r["msPerIteration"])
    rows = []
    for net in best["dl4j"]:
        t_net = twin(net)
        d, t = min(best["dl4j"][net]), min(best["torch"][t_net])
        rows.append({"network": net, "label": label(net), "dl4jMs": d, "torchMs": t, "ratio": d / t,
                     "target": TARGETS[t_net], "dl4jPasses": best["dl4j"][net], "torchPasses": best["torch"][t_net]})
    load = os.getloadavg()
    with open(os.path.join(out, "frameworks.json"), "w") as f:
        json.dump({"setups": setups, "passes": passes, "rounds": rounds, "loadAverage": load, "rows": rows}, f,
                  indent=2)
    lines = [f"DL4J vs PyTorch training step, best of {passes} alternating passes ({rounds} rounds each);"
             f" load average at the end {load[0]:.2f}", "", "- " + setups["dl4j"], "- " + setups["torch"], "",
             "| network | DL4J ms/iter | PyTorch ms/iter | DL4J / PyTorch | target | met |",
             "|---|---:|---:|---:|---:|---|"]
    for r in rows:
        lines.append(f"| {r['label']} | {r['dl4jMs']:.1f} | {r['torchMs']:.1f} | {r['ratio']:.2f}x |"
                     f" <= {r['target']:.1f}x | {'yes' if r['ratio'] <= r['target'] else 'no'} |")
    with open(os.path.join(out, "frameworks.md"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
