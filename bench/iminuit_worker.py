"""iminuit side of W10 in `npm run bench` (optional: used only when `import iminuit` works).

Started once by bench/libs/iminuit.ts: answers a first line {"ready": true, versions…}, then reads one
JSON command per line, {"problem": {...}, "reps": n} with a problem of bench/w10.ts (kind, x0, errordef,
tol, strategy, and the χ² data), runs `Minuit(fcn, x0).migrad()` `reps` times (numerical gradients: no
`grad` is given), each fit timed alone, and answers one JSON line: nfcn, fval, valid and the wall times
(ms). The harness alternates these requests with adjoint's fits, so that machine noise hits both alike.

fcn is vectorised numpy, the fast way to write it for iminuit.
"""
import json
import sys
import time

import numpy as np


def make_fcn(p):
    if p["kind"] == "rosenbrock":
        def fcn(b):
            x = b[0::2]
            y = b[1::2]
            return float(np.sum((1.0 - x) ** 2 + 100.0 * (y - x * x) ** 2))
        return fcn
    if p["kind"] == "chi2-rat42":
        x = np.array(p["x"], dtype=np.float64)
        y = np.array(p["y"], dtype=np.float64)
        s = float(p["sigma"])

        def fcn(b):
            return float(np.sum(((y - b[0] / (1.0 + np.exp(b[1] - b[2] * x))) / s) ** 2))
        return fcn
    raise ValueError("unknown problem kind " + str(p["kind"]))


def fit_once(p, fcn):
    from iminuit import Minuit

    m = Minuit(fcn, np.array(p["x0"], dtype=np.float64))
    m.errordef = p["errordef"]
    m.tol = p["tol"]
    m.strategy = p["strategy"]
    m.migrad()
    return m


def main():
    try:
        import iminuit
    except Exception as e:  # noqa: BLE001
        print(json.dumps({"ready": False, "error": f"import iminuit failed: {e}"}), flush=True)
        return
    print(json.dumps({"ready": True, "iminuit": iminuit.__version__, "python": sys.version.split()[0], "numpy": np.__version__}), flush=True)
    fcns = {}
    for line in sys.stdin:
        cmd = json.loads(line)
        p = cmd["problem"]
        try:
            fcn = fcns.get(p["id"])
            if fcn is None:
                fcn = fcns[p["id"]] = make_fcn(p)
            samples = []
            m = None
            for _ in range(cmd["reps"]):
                t = time.perf_counter()
                m = fit_once(p, fcn)
                samples.append((time.perf_counter() - t) * 1000)
            res = {"nfcn": m.nfcn, "ngrad": m.ngrad, "fval": m.fval, "valid": bool(m.valid), "samples_ms": samples}
        except Exception as e:  # noqa: BLE001
            res = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
