/**
 * @file PyTorch, optional: runs bench/torch_worker.py in a persistent subprocess when some Python
 * can `import torch` (Debian: python3-torch; never installed by the benchmark). Inputs go to the
 * worker as raw files in a temporary directory; its first result comes back the same way and is
 * checked here, by the same code as every other library's.
 *
 * Debian's OpenBLAS misdetects some CPUs; when the CPU has AVX-512 and OPENBLAS_CORETYPE is unset,
 * the worker gets OPENBLAS_CORETYPE=SkylakeX (on a CPU without AVX-512 that setting crashes with an
 * illegal instruction, so it is not set there). Set OPENBLAS_CORETYPE yourself to override, and
 * ADJOINT_BENCH_PYTHON to choose the interpreter.
 */
import { spawn, spawnSync, ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Cell, TimingOptions } from "../harness.js";
import { median } from "../util.js";
import { AnyData, checkFirst, checkLast, Out, RowId, RowSpec, W3Data, W4Data, W5Data, W6Data, W2Data, W1Data, W7Data, W8Data } from "../workloads.js";
import { checkW9Accuracy, W9Data } from "../w9.js";

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "torch_worker.py");

function cpuHasAvx512(): boolean {
  try {
    return /\bavx512f\b/.test(fs.readFileSync("/proc/cpuinfo", "utf8"));
  } catch {
    return false;
  }
}

function workerEnv(coretype: boolean): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (coretype && !env.OPENBLAS_CORETYPE) env.OPENBLAS_CORETYPE = "SkylakeX";
  return env;
}

/** The first interpreter (and environment) that imports torch, or why none does. */
function findPython(): { python: string; env: NodeJS.ProcessEnv } | string {
  const candidates = [process.env.ADJOINT_BENCH_PYTHON, "python3", "/usr/bin/python3"].filter((p): p is string => !!p);
  const tries = cpuHasAvx512() ? [true, false] : [false];
  for (const python of [...new Set(candidates)]) {
    for (const coretype of tries) {
      const env = workerEnv(coretype);
      const r = spawnSync(python, ["-c", "import torch, numpy"], { env, stdio: "ignore", timeout: 60_000 });
      if (r.status === 0) return { python, env };
    }
  }
  return `no Python with torch found (tried ${candidates.join(", ")})`;
}

const bytes = (a: Float32Array | Float64Array | Int32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

export class TorchRunner {
  private queue: ((line: string) => void)[] = [];
  private constructor(
    private proc: ChildProcess,
    readonly dir: string,
    public info: Record<string, unknown> = {},
  ) {
    const rl = createInterface({ input: proc.stdout! });
    rl.on("line", (line) => this.queue.shift()?.(line));
    proc.on("exit", () => this.queue.splice(0).forEach((r) => r(JSON.stringify({ error: "python worker exited" }))));
  }

  private next(): Promise<Record<string, any>> {
    return new Promise((resolve) => this.queue.push((line) => resolve(JSON.parse(line))));
  }

  /** Starts the worker, or says why PyTorch is not available. */
  static async start(): Promise<TorchRunner | string> {
    const found = findPython();
    if (typeof found === "string") return found;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "adjoint-bench-"));
    const proc = spawn(found.python, [WORKER], { env: found.env, stdio: ["pipe", "pipe", "inherit"] });
    const runner = new TorchRunner(proc, dir);
    const info = await runner.next();
    if (!info.ready) return `python worker failed to start: ${info.error ?? "?"}`;
    runner.info = { ...info, interpreter: found.python };
    return runner;
  }

  /** Writes a workload's inputs for the worker. */
  writeInputs(w: RowSpec["workload"], data: AnyData): void {
    for (const f of fs.readdirSync(this.dir)) fs.unlinkSync(path.join(this.dir, f));
    const put = (name: string, a: Float32Array | Float64Array | Int32Array) => fs.writeFileSync(path.join(this.dir, name), bytes(a));
    if (w === "W2") put("x.bin", (data as W2Data).x);
    if (w === "W3") {
      const d = data as W3Data;
      put("x.bin", d.x);
      put("y.bin", d.y);
      d.params.forEach((p, i) => put(`p${i}.bin`, p));
    }
    if (w === "W4") {
      put("a.bin", (data as W4Data).a32);
      put("b.bin", (data as W4Data).b32);
    }
    if (w === "W5") {
      put("A.bin", (data as W5Data).A);
      put("x.bin", (data as W5Data).x);
    }
    if (w === "W6") {
      put("W.bin", (data as W6Data).W);
      put("x.bin", (data as W6Data).x);
    }
    if (w === "W8") put("B.bin", (data as W8Data).B);
    if (w === "W9") {
      const d = data as W9Data;
      put("x.bin", d.x);
      put("labels.bin", d.labels);
      put("xtest.bin", d.xTest);
      put("labelstest.bin", d.labelsTest);
    }
  }

  async runRow(row: RowId, data: AnyData, opt: TimingOptions): Promise<Cell> {
    const cell: Cell = { variant: "PyTorch", lib: "PyTorch", status: "error" };
    const cmd: Record<string, unknown> = { row, dir: this.dir, opt };
    if (row === "W1") cmd.x = (data as W1Data).x;
    if (row === "W3") Object.assign(cmd, { batch: (data as W3Data).batch, sizes: (data as W3Data).sizes, lr: (data as W3Data).lr, shapes: (data as W3Data).shapes });
    if (row === "W7-fwd" || row === "W7-grad") {
      const { steps, k, h, c, x0 } = data as W7Data;
      Object.assign(cmd, { steps, k, h, c, x0 });
    }
    if ("n" in data) cmd.n = data.n;
    if (row === "W9-mlp" || row === "W9-cnn") {
      // the initial parameters of this row's model (both models share the workload's directory)
      const d = data as W9Data, m = row === "W9-mlp" ? d.mlp : d.cnn;
      m.params.forEach((p, i) => fs.writeFileSync(path.join(this.dir, `p${i}.bin`), bytes(p)));
      Object.assign(cmd, { steps: d.steps, batch: d.batch, lr: d.lr, momentum: d.momentum, shapes: m.shapes });
    }
    this.proc.stdin!.write(JSON.stringify(cmd) + "\n");
    const res = await this.next();
    if (res.error) {
      cell.note = res.error;
      return cell;
    }
    let first: Out;
    if (res.out_file) {
      const buf = fs.readFileSync(path.join(this.dir, res.out_file));
      const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
      first = res.out_dtype === "float64" ? new Float64Array(ab) : new Float32Array(ab);
    } else first = res.first;
    let params: Float32Array[] | undefined;
    if (res.params_file) {
      const buf = fs.readFileSync(path.join(this.dir, res.params_file));
      const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
      let off = 0;
      params = (data as W3Data).params.map((p) => all.slice(off, (off += p.length)));
    }
    const chk = checkFirst(row, data, first, params);
    cell.status = chk.ok ? "ok" : "FAIL";
    cell.check = chk.detail;
    if (typeof res.accuracy === "number" && (row === "W9-mlp" || row === "W9-cnn")) {
      const ac = checkW9Accuracy(row, data as W9Data, res.accuracy);
      cell.accuracy = res.accuracy;
      cell.check += `; ${ac.detail}`;
      if (!ac.ok) cell.status = "FAIL";
    }
    const lc = checkLast(row, res.first, res.last);
    if (lc) {
      cell.check += `; ${lc.detail}`;
      if (!lc.ok) cell.status = "FAIL";
    }
    Object.assign(cell, { medianMs: median(res.samples_ms), samplesMs: res.samples_ms, batch: res.batch, warmup: res.warmup, singleSample: res.single || undefined, cpuPerWall: res.cpu_per_wall });
    return cell;
  }

  close(): void {
    this.proc.stdin!.end();
    this.proc.kill();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
