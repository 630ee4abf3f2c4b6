/**
 * @file iminuit, optional (W10): runs bench/iminuit_worker.py in a persistent subprocess when some Python
 * can `import iminuit` (Debian: python3-iminuit; never installed by the benchmark). ADJOINT_BENCH_PYTHON
 * chooses the interpreter.
 */
import { spawn, spawnSync, ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { W10Problem } from "../w10.js";

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "iminuit_worker.py");

/** One answer of the worker: the last fit's numbers and the wall time of each fit. */
export interface IminuitFit { nfcn: number; ngrad: number; fval: number; valid: boolean; samples_ms: number[] }

export class IminuitRunner {
  private queue: ((line: string) => void)[] = [];
  info: Record<string, unknown> = {};
  private constructor(private proc: ChildProcess) {
    createInterface({ input: proc.stdout! }).on("line", (line) => this.queue.shift()?.(line));
    proc.on("exit", () => this.queue.splice(0).forEach((r) => r(JSON.stringify({ error: "python worker exited" }))));
  }

  private next(): Promise<Record<string, any>> {
    return new Promise((resolve) => this.queue.push((line) => resolve(JSON.parse(line))));
  }

  /** Starts the worker, or says why iminuit is not available. */
  static async start(): Promise<IminuitRunner | string> {
    const candidates = [...new Set([process.env.ADJOINT_BENCH_PYTHON, "python3", "/usr/bin/python3"].filter((p): p is string => !!p))];
    const python = candidates.find((p) => spawnSync(p, ["-c", "import iminuit, numpy"], { stdio: "ignore", timeout: 60_000 }).status === 0);
    if (!python) return `no Python with iminuit found (tried ${candidates.join(", ")}; Debian: apt-get install python3-iminuit)`;
    const runner = new IminuitRunner(spawn(python, [WORKER], { stdio: ["pipe", "pipe", "inherit"] }));
    const info = await runner.next();
    if (!info.ready) return `iminuit worker failed to start: ${info.error ?? "?"}`;
    runner.info = { ...info, interpreter: python };
    return runner;
  }

  /** `reps` fits of the problem, each timed alone by the worker. */
  async fit(problem: W10Problem, reps: number): Promise<IminuitFit | { error: string }> {
    this.proc.stdin!.write(JSON.stringify({ problem, reps }) + "\n");
    return (await this.next()) as IminuitFit | { error: string };
  }

  close(): void {
    this.proc.stdin!.end();
    this.proc.kill();
  }
}
