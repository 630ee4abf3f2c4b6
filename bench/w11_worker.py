"""PyTorch side of W11 (bench/w11.ts): small derivatives and eager dispatch, float64 (add10: float32).

Reads one JSON command per line on stdin and answers one JSON line on stdout:
  {"op": "setup", "A": [9 numbers], "x": [1000 numbers], "a10": [...], "b10": [...]}
  {"op": "value", "case": id}          -> {"value": [flat numbers]}
  {"op": "time", "case": id, "reps": k} -> {"ms": wall time of k calls in ms}
"""
import json
import os
import sys
import time

import torch

try:  # PyTorch >= 2.0
    from torch.func import hessian
except ImportError:  # Debian bookworm's 1.13 ships functorch
    from functorch import hessian

torch.set_num_threads(os.cpu_count() or 1)
torch.set_default_dtype(torch.float64)

W = torch.tensor([1.0, 2.0, 3.0])
state = {}


def sym(a):
    return 0.5 * (a + a.T)


SCALARS = {
    "inv": lambda a: torch.linalg.inv(a).sum(),
    "det": lambda a: torch.linalg.det(a),
    "expm": lambda a: torch.linalg.matrix_exp(a).sum(),
    "eigh": lambda a: (torch.linalg.eigvalsh(sym(a)) * W).sum(),
}


def grad_of(f, a):
    x = a.detach().requires_grad_()
    (g,) = torch.autograd.grad(f(x), x)
    return g


def make(case):
    A, x = state["A"], state["x"]
    name, kind = case.rsplit("-", 1)
    if name in SCALARS:
        f = SCALARS[name]
        if kind == "grad":
            return lambda: grad_of(f, A)
        return lambda: hessian(f)(A)
    if name == "erfc1k":
        if kind == "grad":
            return lambda: grad_of(lambda t: torch.special.erfc(t).sum(), x)

        def d2():
            t = x.detach().requires_grad_()
            (g,) = torch.autograd.grad(torch.special.erfc(t).sum(), t, create_graph=True)
            (h,) = torch.autograd.grad(g.sum(), t)
            return h

        return d2
    if case == "add10-eager":
        a, b = state["a10"], state["b10"]
        return lambda: torch.add(a, b)
    if case == "gradx3-eager":
        def g3():
            t = torch.tensor(1.5, requires_grad=True)
            (g,) = torch.autograd.grad(t * t * t, t)
            return g

        return g3
    raise ValueError(f"unknown case {case}")


def main():
    for line in sys.stdin:
        cmd = json.loads(line)
        try:
            if cmd["op"] == "setup":
                state["A"] = torch.tensor(cmd["A"]).reshape(3, 3)
                state["x"] = torch.tensor(cmd["x"])
                state["a10"] = torch.tensor(cmd["a10"], dtype=torch.float32)
                state["b10"] = torch.tensor(cmd["b10"], dtype=torch.float32)
                out = {"torch": torch.__version__, "threads": torch.get_num_threads()}
            elif cmd["op"] == "value":
                out = {"value": make(cmd["case"])().detach().reshape(-1).tolist()}
            elif cmd["op"] == "time":
                f = make(cmd["case"])
                f()
                t0 = time.perf_counter()
                for _ in range(cmd["reps"]):
                    f()
                out = {"ms": (time.perf_counter() - t0) * 1000}
            else:
                out = {"error": f"unknown op {cmd['op']}"}
        except Exception as e:  # report, keep serving
            out = {"error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
