"""PyTorch side of `npm run bench` (optional: used only when `import torch` works).

Started once by bench/libs/torch.ts. Reads one JSON command per line on stdin, runs the workload on
inputs the harness wrote to a directory (raw little-endian arrays), times it with the same rules as
the JS harness (warm-up, batches for tiny calls, median), writes the first result to that directory
for the harness to check, and answers one JSON line on stdout.
"""
import json
import os
import sys
import time

import numpy as np
import torch

try:  # PyTorch >= 2.0
    from torch.func import hessian, jacfwd, jacrev
except ImportError:  # Debian bookworm's 1.13 ships functorch
    from functorch import hessian, jacfwd, jacrev

torch.set_num_threads(os.cpu_count() or 1)


def blas_core():
    try:
        import ctypes

        lib = ctypes.CDLL("libopenblas.so.0")
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except Exception:
        return None


def load(d, name, shape=None, dtype=np.float32):
    a = np.fromfile(os.path.join(d, name), dtype=dtype)
    return torch.from_numpy(a.reshape(shape) if shape else a)


def make_case(row, d, cmd):
    """Returns (call, params_fn); call() returns a float (W1, W3) or a numpy array."""
    if row == "W1":
        x0 = cmd["x"]

        def call():
            x = torch.tensor(x0, requires_grad=True)
            (g,) = torch.autograd.grad(x * x * x, x)
            return g.item()

        return call, None
    if row == "W2":
        x = load(d, "x.bin")

        def call():
            xx = x.detach().requires_grad_()
            y = (torch.sin(xx) * xx * xx + torch.exp(-xx)).sum()
            (g,) = torch.autograd.grad(y, xx)
            return g.numpy()

        return call, None
    if row == "W3":
        b, sizes, lr = cmd["batch"], cmd["sizes"], cmd["lr"]
        X = load(d, "x.bin", (b, sizes[0]))
        Y = load(d, "y.bin", (b, 10))
        params = [load(d, f"p{i}.bin", tuple(s)).clone().requires_grad_() for i, s in enumerate(cmd["shapes"])]
        w1, b1, w2, b2, w3, b3 = params

        def call():
            h1 = torch.relu(X @ w1 + b1)
            h2 = torch.relu(h1 @ w2 + b2)
            logits = h2 @ w3 + b3
            loss = -(torch.log_softmax(logits, -1) * Y).sum(-1).mean()
            loss.backward()
            with torch.no_grad():
                for p in params:
                    p -= lr * p.grad
                    p.grad = None
            return loss.item()

        return call, lambda: [p.detach().numpy().copy() for p in params]
    if row in ("W4-f32", "W4-f64"):
        n = cmd["n"]
        a, b = load(d, "a.bin", (n, n)), load(d, "b.bin", (n, n))
        if row == "W4-f64":
            a, b = a.double(), b.double()
        return (lambda: (a @ b).numpy()), None
    if row == "W5":
        n = cmd["n"]
        A, x = load(d, "A.bin", (n, n)), load(d, "x.bin")
        h = hessian(lambda x: torch.log1p((A @ x) ** 2).sum())
        return (lambda: h(x).numpy()), None
    if row in ("W6-fwd", "W6-rev"):
        n = cmd["n"]
        W, x = load(d, "W.bin", (n, n)), load(d, "x.bin")
        f = lambda x: torch.tanh(W @ x)
        j = jacfwd(f) if row == "W6-fwd" else jacrev(f)
        return (lambda: j(x).numpy()), None
    if row in ("W7-fwd", "W7-grad"):
        steps, k, h, c0, x0 = cmd["steps"], cmd["k"], cmd["h"], cmd["c"], cmd["x0"]
        f64 = lambda v: torch.tensor(v, dtype=torch.float64)

        def euler(c):  # a plain Python loop on 0-d float64 tensors, old x and v on the right
            x, v = f64(x0), f64(0.0)
            for _ in range(steps):
                x, v = x + h * v, v + h * (-k * x - c * v)
            return x

        def fwd():
            with torch.no_grad():
                return euler(f64(c0)).item()

        def grad():  # requires_grad on c and .backward() through the 10,000-step graph
            c = f64(c0).requires_grad_()
            euler(c).backward()
            return c.grad.item()

        return (fwd if row == "W7-fwd" else grad), None
    if row in ("W8-eigh", "W8-svd"):
        n = cmd["n"]
        B = load(d, "B.bin", (n, n)).double()
        if row == "W8-eigh":
            A = (B + B.T) * 0.5

            def eigh():  # values and vectors; the eigenvalues (ascending) are checked
                w, v = torch.linalg.eigh(A)
                return w.numpy()

            return eigh, None

        def svd():  # u, s, vh; the singular values (descending) are checked
            u, s, vh = torch.linalg.svd(B)
            return s.numpy()

        return svd, None
    if row in ("W9-mlp", "W9-cnn"):
        return w9_case(row, d, cmd), None
    raise ValueError(f"unknown row {row}")


def w9_case(row, d, cmd):
    """One MNIST epoch from the initial parameters (bench/w9.ts): SGD, momentum 0.9, batch order as given."""
    import torch.nn.functional as F

    steps, b, lr, mom, cnn = cmd["steps"], cmd["batch"], cmd["lr"], cmd["momentum"], row == "W9-cnn"
    labels = lambda name: torch.from_numpy(np.fromfile(os.path.join(d, name), dtype=np.int32).astype(np.int64))
    shape = (-1, 1, 28, 28) if cnn else (-1, 784)  # NCHW for torch's conv
    X, L = load(d, "x.bin").reshape(shape), labels("labels.bin")
    Xt, Lt = load(d, "xtest.bin").reshape(shape), labels("labelstest.bin")
    init = [load(d, f"p{i}.bin", tuple(s)) for i, s in enumerate(cmd["shapes"])]
    if cnn:  # HWIO kernels → torch's OIHW
        init[0], init[2] = init[0].permute(3, 2, 0, 1).contiguous(), init[2].permute(3, 2, 0, 1).contiguous()
    xb = [X[i * b : (i + 1) * b] for i in range(steps)]
    lb = [L[i * b : (i + 1) * b] for i in range(steps)]

    def forward(p, x):
        if not cnn:
            h1 = torch.relu(x @ p[0] + p[1])
            h2 = torch.relu(h1 @ p[2] + p[3])
            return h2 @ p[4] + p[5]
        h = F.max_pool2d(torch.relu(F.conv2d(x, p[0], p[1], padding=1)), 2)
        h = F.max_pool2d(torch.relu(F.conv2d(h, p[2], p[3], padding=1)), 2)
        return h.permute(0, 2, 3, 1).reshape(x.shape[0], -1) @ p[4] + p[5]  # flatten (h, w, c) as NHWC

    state = {}

    def call():
        params = [t.clone().requires_grad_() for t in init]
        opt = torch.optim.SGD(params, lr=lr, momentum=mom)
        for i in range(steps):
            opt.zero_grad(set_to_none=True)
            loss = F.cross_entropy(forward(params, xb[i]), lb[i])
            loss.backward()
            opt.step()
        state["params"] = params
        return loss.item()

    def accuracy():
        with torch.no_grad():
            return (forward(state["params"], Xt).argmax(-1) == Lt).double().mean().item()

    call.accuracy = accuracy
    return call


def run(cmd):
    row, d, opt = cmd["row"], cmd["dir"], cmd["opt"]
    call, params_fn = make_case(row, d, cmd)
    res = {"row": row}

    def save(out, name):
        if not isinstance(out, float):
            np.ascontiguousarray(out).tofile(os.path.join(d, name))
            res["out_file"], res["out_dtype"] = name, str(out.dtype)

    t0 = time.perf_counter()
    first = call()
    first_ms = (time.perf_counter() - t0) * 1e3
    res["first"] = first if isinstance(first, float) else None
    save(first, "out.bin")
    if hasattr(call, "accuracy"):
        res["accuracy"] = call.accuracy()
    if params_fn:
        np.concatenate([p.ravel() for p in params_fn()]).astype(np.float32).tofile(os.path.join(d, "params.bin"))
        res["params_file"] = "params.bin"
    calls, last = 1, first
    if first_ms >= opt["slowMs"]:
        ms = first_ms
        retime = opt["retimeBelowMs"] is None or first_ms < opt["retimeBelowMs"]
        if retime:
            t = time.perf_counter()
            last = call()
            ms = (time.perf_counter() - t) * 1e3
            calls = 2
        if ms >= opt["slowMs"]:
            if row == "W3" and not retime:
                last = call()
            res.update(samples_ms=[ms], batch=1, warmup=int(retime), single=True, last=last if isinstance(last, float) else None)
            return res
    start, recent = time.perf_counter(), []
    while True:
        el = (time.perf_counter() - start) * 1e3
        if calls >= 2 and el >= opt["warmupMs"] and (calls >= opt["warmupCalls"] or el >= opt["warmupMaxMs"]):
            break
        t = time.perf_counter()
        last = call()
        dt = (time.perf_counter() - t) * 1e3
        calls += 1
        recent = (recent + [dt])[-100:]
        if dt > opt["slowMs"]:
            break
    est = float(np.median(recent))
    batch = max(1, round(opt["sampleMs"] / max(est, 1e-4)))
    reps = max(opt["minReps"], min(opt["maxReps"], int(opt["budgetMs"] // (est * batch))))
    samples, wall, cpu = [], 0.0, 0.0
    for _ in range(reps):
        c, t = time.process_time(), time.perf_counter()
        for _ in range(batch):
            last = call()
        dt = time.perf_counter() - t
        cpu += time.process_time() - c
        wall += dt
        samples.append(dt * 1e3 / batch)
    res.update(samples_ms=samples, batch=batch, warmup=calls, single=False, last=last if isinstance(last, float) else None, cpu_per_wall=round(cpu / wall, 2))
    return res


def main():
    info = {
        "ready": True,
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "openblas_core": blas_core(),
        "openblas_coretype_env": os.environ.get("OPENBLAS_CORETYPE"),
        "python": sys.version.split()[0],
    }
    print(json.dumps(info), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        cmd = json.loads(line)
        try:
            res = run(cmd)
        except Exception as e:  # reported as an error cell, the run goes on
            res = {"row": cmd.get("row"), "error": f"{type(e).__name__}: {e}"}
        print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
