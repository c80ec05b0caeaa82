#!/usr/bin/env python3
"""PyTorch peer of `initlab bench`: the same trials in PyTorch on CPU with one thread.

Reads a job (JSON) on stdin from the benchmark: the dataset the engine trains on, and the runs (trial params and the
initializers to train one after another). Each run is warmed up (`warmup` short runs) and timed
`repeats` times; wall and CPU times (ms, per repeat the sum over the run's initializers) and each initializer's final
losses (a check that the same job was done) are printed as JSON on stdout.

It does the work the engine's trial does, so the times compare like for like:
  - the same MLP (depth hidden dense layers of width W with the activation, a linear output layer), y = xW + b;
  - SGD / momentum 0.9 / Adam at the same learning rate, mean loss over the batch (sigmoid cross-entropy on one logit
    for binary data, softmax cross-entropy for classes, MSE for regression);
  - mini-batches without replacement: a fresh permutation per epoch, cut into full batches, remainder dropped;
  - a divergence check on every step's loss (a host read, as the engine's loss head reads the logits);
  - at the engine's logged steps (sent in the job): the loss on the leading training rows and loss and accuracy on the
    test set, in one forward pass over both;
  - at the engine's checkpoint steps (and at init): per-layer statistics on those training rows (forward keeping the
    activations, backward for the weight gradients, weight/activation moments, dead and saturated fractions, gradient
    norm, activation and gradient histograms).

Beside it, each run is also timed as the bare loop a user would write instead: `torch.nn.Sequential` and a
`torch.optim` optimizer over the same batches, with no evaluation, statistics or divergence check ("bare").
"""
import json
import math
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
WARMUP_STEPS = 10


def activation_fn(name, slope):
    return {
        "linear": lambda z: z,
        "relu": F.relu,
        "leaky_relu": lambda z: F.leaky_relu(z, slope),
        "tanh": torch.tanh,
        "sigmoid": torch.sigmoid,
        "selu": F.selu,
        "gelu": F.gelu,
    }[name]


# The engine's formulas at gain 'default': (distribution, scale(fan_in, fan_out)); scale is the std of a normal and the
# half-width of a uniform.
INIT_SCALES = {
    "he_normal": ("normal", lambda fi, fo: math.sqrt(2.0 / fi)),
    "he_uniform": ("uniform", lambda fi, fo: math.sqrt(6.0 / fi)),
    "glorot_normal": ("normal", lambda fi, fo: math.sqrt(2.0 / (fi + fo))),
    "glorot_uniform": ("uniform", lambda fi, fo: math.sqrt(6.0 / (fi + fo))),
    "lecun_normal": ("normal", lambda fi, fo: math.sqrt(1.0 / fi)),
    "lecun_uniform": ("uniform", lambda fi, fo: math.sqrt(3.0 / fi)),
    "pytorch_default": ("uniform", lambda fi, fo: 1.0 / math.sqrt(fi)),
}


def init_weight(w, init_id):
    """w is PyTorch's [fan_out, fan_in]."""
    if init_id == "orthogonal":
        torch.nn.init.orthogonal_(w)
        return
    if init_id not in INIT_SCALES:
        raise ValueError(f"peer has no initializer {init_id}")
    distribution, scale = INIT_SCALES[init_id]
    fan_out, fan_in = w.shape
    s = scale(fan_in, fan_out)
    if distribution == "normal":
        torch.nn.init.normal_(w, 0.0, s)
    else:
        torch.nn.init.uniform_(w, -s, s)


def build_model(p, input_dim, output_dim, init_id):
    sizes = [input_dim] + [p["width"]] * p["depth"] + [output_dim]
    layers = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        lin = torch.nn.Linear(fan_in, fan_out)
        with torch.no_grad():
            init_weight(lin.weight, init_id)
            if init_id == "pytorch_default":
                lin.bias.uniform_(-1.0 / math.sqrt(fan_in), 1.0 / math.sqrt(fan_in))
            else:
                lin.bias.zero_()
        layers.append(lin)
    return torch.nn.ModuleList(layers)


def make_optimizer(p, params):
    if p["optimizer"] == "sgd":
        return torch.optim.SGD(params, lr=p["lr"])
    if p["optimizer"] == "momentum":
        return torch.optim.SGD(params, lr=p["lr"], momentum=0.9)
    return torch.optim.Adam(params, lr=p["lr"])


def forward(layers, act, x, keep=None):
    h = x
    for i, lin in enumerate(layers):
        h = lin(h)
        if i < len(layers) - 1:
            h = act(h)
            if keep is not None:
                h.retain_grad()
                keep.append(h)
    return h


def loss_and_accuracy(task, logits, y):
    if task == "binary":
        loss = F.binary_cross_entropy_with_logits(logits, y)
        acc = ((logits > 0).float() == y).float().mean()
    elif task == "multiclass":
        labels = y.argmax(dim=1)
        loss = F.cross_entropy(logits, labels)
        acc = (logits.argmax(dim=1) == labels).float().mean()
    else:
        return F.mse_loss(logits, y), None
    return loss, acc


def evaluate(layers, act, task, eval_x, eval_y, train_rows):
    with torch.no_grad():
        logits = forward(layers, act, eval_x)
        train_loss, _ = loss_and_accuracy(task, logits[:train_rows], eval_y[:train_rows])
        test_loss, test_acc = loss_and_accuracy(task, logits[train_rows:], eval_y[train_rows:])
        return train_loss.item(), test_loss.item(), None if test_acc is None else test_acc.item()


def layer_stats(layers, act, activation, task, x, y, bins):
    for lin in layers:
        lin.weight.grad = None
    keep = []
    logits = forward(layers, act, x, keep)
    loss, _ = loss_and_accuracy(task, logits, y)
    loss.backward()
    keep.append(logits)
    stats = []
    for lin, a in zip(layers, keep):
        a = a.detach()
        g = lin.weight.grad
        saturated = 0.0
        if activation == "tanh":
            saturated = (a.abs() > 0.99).float().mean().item()
        elif activation == "sigmoid":
            saturated = ((a < 0.01) | (a > 0.99)).float().mean().item()
        stats.append(
            (
                lin.weight.std().item(),
                a.mean().item(),
                a.std().item(),
                (a == 0).all(dim=0).float().mean().item(),
                saturated,
                g.norm().item(),
                torch.histc(a, bins).tolist(),
                torch.histc(g, bins).tolist(),
            )
        )
    for lin in layers:
        lin.weight.grad = None
    return stats


def train(run, p, init_id, data):
    torch.manual_seed(p["seed"])
    task = data["task"]
    act = activation_fn(p["activation"], p["negativeSlope"])
    layers = build_model(p, data["inputDim"], data["outputDim"], init_id)
    opt = make_optimizer(p, layers.parameters())
    x_train, y_train = data["xTrain"], data["yTrain"]
    n = x_train.shape[0]
    rows = p["batchSize"]
    train_rows = run["evalTrainRows"]
    eval_x = torch.cat([x_train[:train_rows], data["xTest"]])
    eval_y = torch.cat([y_train[:train_rows], data["yTest"]])
    order, pos = None, n
    log = []
    steps = p["steps"]
    logged, checkpoints = set(run["logSteps"]), set(run["checkpointSteps"])
    for step in range(steps + 1):
        if step in logged:
            log.append(evaluate(layers, act, task, eval_x, eval_y, train_rows))
        if step in checkpoints:
            layer_stats(layers, act, p["activation"], task, eval_x[:train_rows], eval_y[:train_rows], p["histogramBins"])
        if step == steps:
            break
        if pos + rows > n:
            order, pos = torch.randperm(n), 0
        idx = order[pos : pos + rows]
        pos += rows
        loss, _ = loss_and_accuracy(task, forward(layers, act, x_train[idx]), y_train[idx])
        if not math.isfinite(loss.item()):
            break
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return log


def bare_train(p, init_id, data):
    """The loop one would write by hand: Sequential, optimizer, the same batches; nothing read back, nothing logged."""
    torch.manual_seed(p["seed"])
    layers = build_model(p, data["inputDim"], data["outputDim"], init_id)
    act = {
        "linear": torch.nn.Identity,
        "relu": torch.nn.ReLU,
        "leaky_relu": lambda: torch.nn.LeakyReLU(p["negativeSlope"]),
        "tanh": torch.nn.Tanh,
        "sigmoid": torch.nn.Sigmoid,
        "selu": torch.nn.SELU,
        "gelu": torch.nn.GELU,
    }[p["activation"]]
    modules = []
    for i, lin in enumerate(layers):
        modules.append(lin)
        if i < len(layers) - 1:
            modules.append(act())
    model = torch.nn.Sequential(*modules)
    opt = make_optimizer(p, model.parameters())
    x_train, y_train = data["xTrain"], data["yTrain"]
    n, rows = x_train.shape[0], p["batchSize"]
    order, pos = None, n
    for _ in range(p["steps"]):
        if pos + rows > n:
            order, pos = torch.randperm(n), 0
        idx = order[pos : pos + rows]
        pos += rows
        loss, _ = loss_and_accuracy(data["task"], model(x_train[idx]), y_train[idx])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()


def timed(samples, fn):
    wall0, cpu0 = time.perf_counter(), time.process_time()
    fn()
    samples["wall"].append((time.perf_counter() - wall0) * 1000.0)
    samples["cpu"].append((time.process_time() - cpu0) * 1000.0)


def main():
    job = json.load(sys.stdin)
    d = job["data"]
    dim_in, dim_out = d["inputDim"], d["outputDim"]
    data = {
        "task": d["task"],
        "inputDim": dim_in,
        "outputDim": dim_out,
        "xTrain": torch.tensor(d["xTrain"], dtype=torch.float32).reshape(-1, dim_in),
        "yTrain": torch.tensor(d["yTrain"], dtype=torch.float32).reshape(-1, dim_out),
        "xTest": torch.tensor(d["xTest"], dtype=torch.float32).reshape(-1, dim_in),
        "yTest": torch.tensor(d["yTest"], dtype=torch.float32).reshape(-1, dim_out),
    }
    results = {}
    for run in job["runs"]:
        samples = {"wall": [], "cpu": [], "final": {}, "bare": {"wall": [], "cpu": []}}
        # PyTorch has no JIT to warm here: a short run pages in the kernels and fills the allocator, so warm-ups stop
        # after a few steps instead of costing a full (and at width 256, long) run.
        warm = dict(run["trial"], steps=min(run["trial"]["steps"], WARMUP_STEPS))
        for _ in range(job["warmup"]):
            for init_id in run["inits"]:
                train(run, warm, init_id, data)
                bare_train(warm, init_id, data)

        def full():
            for init_id in run["inits"]:
                train_loss, test_loss, test_acc = train(run, run["trial"], init_id, data)[-1]
                samples["final"][init_id] = {"trainLoss": train_loss, "testLoss": test_loss, "testAccuracy": test_acc}

        def bare():
            for init_id in run["inits"]:
                bare_train(run["trial"], init_id, data)

        # Interleaved, so a busy spell of the machine falls on both alike.
        for _ in range(job["repeats"]):
            timed(samples, full)
            timed(samples["bare"], bare)
        results[run["id"]] = samples
    json.dump({"torch": torch.__version__, "threads": torch.get_num_threads(), "runs": results}, sys.stdout)


if __name__ == "__main__":
    main()
