/** @file progress: the live bar on a terminal, plain lines in logs, silence; with a fake stream and a fake clock. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { np, random, data, progress } from "../src/index.js";
import { defaultStream, formatMetrics } from "../src/progress.js";

/** A fake stream that records writes, and a clock the test moves. */
function fake(isTTY: boolean, columns = 100) {
  const writes: string[] = [];
  let t = 1000;
  return {
    stream: { isTTY, columns, write: (s: string) => void writes.push(s) },
    clock: () => t,
    advance: (ms: number) => void (t += ms),
    writes,
  };
}

test("progress: not a terminal — a plain line at most every intervalMs, then a final line with rate and metrics", () => {
  const f = fake(false);
  const bar = progress(100, { label: "train", stream: f.stream, clock: f.clock, intervalMs: 5000 });
  assert.equal(f.writes.length, 0); // nothing before the first interval
  for (let i = 0; i < 40; i++) {
    f.advance(100); // 10 steps/s
    bar.update(1, { loss: 0.5 - i / 100 });
  }
  // 4 s: still nothing; at 5 s a line; at 6 s none
  assert.equal(f.writes.length, 0);
  for (let i = 0; i < 20; i++) (f.advance(100), bar.update());
  assert.equal(f.writes.length, 1);
  assert.equal(f.writes[0], "train  50% 50/100 [0:05<0:05, 10 it/s] loss=0.11\n");
  for (let i = 0; i < 40; i++) (f.advance(100), bar.update(1, { loss: 0.1, acc: 0.9712 }));
  assert.equal(f.writes.length, 2);
  assert.match(f.writes[1], /^train 100% 100\/100 \[0:10<0:00, 10 it\/s\] loss=0\.1 acc=97\.1%\n$/);
  bar.done({ loss: 0.0123, acc: 0.98 });
  assert.equal(f.writes.length, 3);
  assert.equal(f.writes[2], "train 100% 100/100 [0:10, 10 it/s] loss=0.0123 acc=98.0%\n");
  bar.done(); // a second done writes nothing
  bar.update(5);
  assert.equal(f.writes.length, 3);
  assert.equal(bar.count, 100);
  assert.equal(bar.elapsedMs, 10000);
  assert.ok(f.writes.every((w) => !w.includes("\r") && !w.includes("\x1b")), "no terminal control codes in logs");
});

test("progress: on a terminal — a bar redrawn in place (\\r) at most every 100 ms, ETA, a newline at the end", () => {
  const f = fake(true, 100);
  const bar = progress(10, { label: "epoch 1", stream: f.stream, clock: f.clock });
  assert.equal(f.writes.length, 1); // the empty bar at once
  assert.match(f.writes[0], /^\repoch 1   0% \| {10,}\| 0\/10 \[0:00<\?, \? it\/s\]$/);
  f.advance(50);
  bar.update(1, { loss: 2.302585 });
  assert.equal(f.writes.length, 1); // within 100 ms of the last draw
  f.advance(1950); // 2 s for 1 step... then 4 more
  bar.update(4, { loss: 1.5 });
  assert.equal(f.writes.length, 2);
  const w = f.writes[1];
  assert.ok(w.startsWith("\repoch 1  50% |"), JSON.stringify(w));
  assert.match(w, /\| 5\/10 \[0:02<0:02, 2\.5 it\/s\] loss=1\.5$/);
  const barPart = w.slice(w.indexOf("|") + 1, w.lastIndexOf("|"));
  assert.equal([...barPart].filter((c) => c === "█").length, barPart.length / 2);
  assert.ok(w.length - 1 <= 100, "fits the terminal");
  f.advance(2000);
  bar.done({ loss: 0.25 });
  const last = f.writes[f.writes.length - 1];
  assert.match(last, /^\repoch 1  50% \|█{20} {20}\| 5\/10 \[0:04, 1\.25 it\/s\] loss=0\.25\x1b\[K\n$/); // done early: the count as it is
  // a shorter line than the last one erases the rest of the old one
  const g = fake(true);
  const b2 = progress(3, { stream: g.stream, clock: g.clock });
  g.advance(200);
  b2.update(1, { "a very long metric name": 1 });
  g.advance(200);
  b2.done({ x: 1 });
  assert.ok(g.writes[g.writes.length - 1].includes("\x1b[K"));
});

test("progress: silent writes nothing but counts; slow steps show s/it; zero total", () => {
  const f = fake(true);
  const bar = progress(5, { silent: true, stream: f.stream, clock: f.clock });
  bar.update(2);
  f.advance(10_000);
  bar.done();
  assert.deepEqual(f.writes, []);
  assert.equal(bar.count, 2);
  const g = fake(false);
  const slow = progress(3, { stream: g.stream, clock: g.clock, intervalMs: 0 });
  g.advance(4000);
  slow.update(1);
  assert.equal(g.writes[0], " 33% 1/3 [0:04<0:08, 4 s/it]\n");
  const h = fake(false);
  const empty = progress(0, { stream: h.stream, clock: h.clock });
  empty.done();
  assert.equal(h.writes[0], "100% 0/0 [0:00, ? it/s]\n");
});

test("progress: metrics are formatted compactly (4 digits, exponent when tiny, accuracy in %), 0-d arrays accepted", () => {
  assert.equal(formatMetrics({ loss: 0.123456, acc: 0.5 }), "loss=0.1235 acc=50.0%");
  assert.equal(formatMetrics({ loss: 1.2345e-5, step: 1200, testAcc: 0.97, big: 1234567.8 }), "loss=1.23e-5 step=1200 testAcc=97.0% big=1.23e+6");
  assert.equal(formatMetrics({ loss: np.array(0.25) }), "loss=0.25");
  assert.equal(formatMetrics({ acc: 3 }), "acc=3"); // not a fraction: as is
  assert.equal(formatMetrics({ val_acc: 0.5, valAccuracy: 0.25, accumulated: 0.5 }), "val_acc=50.0% valAccuracy=25.0% accumulated=0.5");
  assert.equal(formatMetrics({ loss: NaN }), "loss=NaN");
});

test("progress.wrap: counts the items of an iterable (data.batches has a length), final line when the loop ends or breaks", () => {
  const f = fake(false);
  const bs = data.batches(random.key(0), np.arange(10), 3);
  let seen = 0;
  for (const b of progress.wrap(bs, { label: "epoch", stream: f.stream, clock: f.clock, intervalMs: 0 })) {
    f.advance(1000);
    seen += b.shape[0];
  }
  assert.equal(seen, 10);
  assert.equal(f.writes.at(-1), "epoch 100% 4/4 [0:04, 1 it/s]\n");
  const g = fake(false);
  for (const x of progress.wrap([1, 2, 3, 4], { stream: g.stream, clock: g.clock })) if (x === 2) break;
  assert.equal(g.writes.at(-1), " 25% 1/4 [0:00, ? it/s]\n");
  const gen = function* () { yield 1; };
  assert.throws(() => progress.wrap(gen()), /progress\.wrap: the iterable has no length; pass \{ total \}/);
  assert.equal([...progress.wrap(gen(), { total: 1, silent: true })].length, 1);
});

test("progress: clear errors", () => {
  assert.throws(() => progress(-1), /progress: total must be a non-negative integer \(the number of steps\), got -1/);
  assert.throws(() => progress(2.5), /progress: total must be a non-negative integer/);
  assert.throws(() => (progress as any)(10, { lable: "x" }), /progress: unknown option "lable"; expected one of: label, silent, stream, intervalMs, clock/);
  assert.throws(() => progress(10, { stream: {} as any }), /progress: stream must have a write\(string\) method/);
  assert.throws(() => progress(10, { intervalMs: -5 }), /progress: intervalMs must be a number ≥ 0, got -5/);
  const bar = progress(10, { silent: true });
  assert.throws(() => bar.update(-1), /progress\.update: n must be a finite number ≥ 0 of steps done, got -1/);
  assert.throws(() => bar.update(1, { loss: "low" as any }), /progress\.update: metric loss must be a number, got "low"/);
  assert.throws(() => (progress.wrap as any)(5), /progress\.wrap: expected an iterable/);
  assert.throws(() => (progress.wrap as any)([1], {}, 2), /progress\.wrap: expected at most 2 arguments/);
});

test("progress: the default sink is process.stderr in Node, console.log lines where there is no process (a browser)", (t) => {
  assert.equal(defaultStream(), process.stderr);
  const log = t.mock.method(console, "log", () => {});
  const s = defaultStream({});
  assert.equal(s.isTTY, false);
  s.write("epoch 100% 4/4 [0:04, 1 it/s]\n");
  s.write("\n");
  assert.deepEqual(log.mock.calls.map((c) => c.arguments), [["epoch 100% 4/4 [0:04, 1 it/s]"]]);
});
