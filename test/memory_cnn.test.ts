/**
 * @file The wasm memory stays flat over long CNN training (issue 11): a jitted conv–pool training
 * step leaves its outputs (parameters, optimizer state) among the freed blocks of its intermediates;
 * without compaction those survivors split the free memory into holes too small for the next step's
 * large intermediates, and the memory grew at every full (a full MNIST CNN run: 171 → 419 MB). Here:
 * the allocator's compaction on its own (contents kept, fixed blocks kept, free space made one
 * block), then a few hundred training steps whose wasm memory size must not change after warm-up.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { NDArray, getBackend, jit, nn, np, optim, random, valueAndGrad } from "../src/index.js";
import { Allocator, sizeClass } from "../src/backend/wasm/memory.js";
import { WasmBackend } from "../src/backend/wasm/index.js";

const MB = 2 ** 20;

test("compact slides movable blocks down, keeps their contents and the fixed blocks, and frees one block", () => {
  const a = new Allocator();
  const mem = () => new Uint8Array(a.memory.buffer);
  const cls = sizeClass(64 * 1024);
  // 12 blocks in a row: every third stays put (like a pinned buffer or a scratch block), the others
  // alternate between freed and movable survivors
  const blocks = Array.from({ length: 12 }, () => a.alloc(cls));
  const fixed = blocks.filter((_, i) => i % 3 === 0);
  const movable = blocks.filter((_, i) => i % 3 === 2).map((ptr) => ({ ptr, cls }));
  blocks.filter((_, i) => i % 3 === 1).forEach((p) => a.release(p, cls));
  const fill = (ptr: number, v: number) => mem().fill(v, ptr, ptr + cls);
  fixed.forEach((p, i) => fill(p, 10 + i));
  movable.forEach((m, i) => fill(m.ptr, 100 + i));
  const top = a.stats().top, cached = a.stats().cached;
  const old = movable.map((m) => m.ptr);

  const moved = a.compact(movable);

  // each survivor moved to the lowest free place at or below it, in address order (across fixed
  // blocks): into slots 1, 2, 4, 5; contents intact
  const want = [1, 2, 4, 5].map((i) => blocks[i]);
  movable.forEach((m, i) => {
    assert.equal(m.ptr, want[i], `block ${i}`);
    assert.ok(mem().subarray(m.ptr, m.ptr + cls).every((v) => v === 100 + i), `contents of block ${i}`);
  });
  fixed.forEach((p, i) => assert.ok(mem().subarray(p, p + cls).every((v) => v === 10 + i), `fixed block ${i}`));
  assert.equal(moved, 4 * cls);
  // slots 7–8 are one free block; slots 10–11 ended at the bump pointer, which came down to slot 10
  const s = a.stats();
  assert.equal(s.top, blocks[10]);
  assert.equal(s.top, top - 2 * cls);
  assert.equal(s.cached, cached - 2 * cls);
  assert.equal(s.freeBlocks, 1);
  assert.equal(s.largestFree, 2 * cls);
  assert.equal(s.compactions, 1);
  assert.equal(s.movedBytes, 4 * cls);
  // the hole is carved first, before the bump region
  assert.equal(a.alloc(cls), blocks[7]);
  assert.equal(a.alloc(cls), blocks[8]);
  assert.equal(a.alloc(cls), blocks[10]);
});

test("compact merges the free space left between survivors: a request larger than any hole fits without growing", () => {
  const a = new Allocator();
  const small = sizeClass(16 * 1024), big = sizeClass(1024 * 1024);
  // 40 big blocks, each followed by a small survivor; the big ones are freed: ≈ 40 MB free in 1 MB holes
  const bigs: number[] = [], survivors: { ptr: number; cls: number }[] = [];
  for (let i = 0; i < 40; i++) {
    bigs.push(a.alloc(big));
    survivors.push({ ptr: a.alloc(small), cls: small });
  }
  bigs.forEach((p) => a.release(p, big));
  const cap = a.stats().capacity;
  assert.ok(a.stats().largestFree < 2 * big);
  a.compact(survivors);
  const p = a.alloc(sizeClass(20 * 1024 * 1024));
  assert.ok(p < a.stats().capacity);
  assert.equal(a.stats().capacity, cap);
});

test("compact with nothing to move coalesces the free blocks and lowers the bump pointer", () => {
  const a = new Allocator();
  const ps = [1000, 5000, 70000, 3000].map((n) => a.alloc(sizeClass(n)));
  const sizes = [1000, 5000, 70000, 3000].map(sizeClass);
  ps.forEach((p, i) => a.release(p, sizes[i]));
  assert.equal(a.compact([]), 0);
  const s = a.stats();
  assert.equal(s.cached, 0);
  assert.equal(s.freeBlocks, 0);
  assert.equal(s.top, ps[0]);
});

test("after a compaction that leaves less than 1/8 of the memory free, the memory grows anyway (no compaction at every allocation)", () => {
  const a = new Allocator(); // 1 MB
  const cls = sizeClass(64 * 1024);
  const blocks = Array.from({ length: 15 }, () => a.alloc(cls));
  a.release(blocks[0], cls);
  a.release(blocks[2], cls);
  const survivors = blocks.filter((_, i) => i !== 0 && i !== 2).map((ptr) => ({ ptr, cls }));
  let fulls = 0;
  a.onFull = () => {
    fulls++;
    a.compact(survivors);
    return true;
  };
  const cap = a.stats().capacity;
  // 128 KB fits only after compacting (two 64 KB holes), which leaves ≈ 64 KB free: less than 1/8
  const p = a.alloc(2 * cls);
  const s = a.stats();
  assert.equal(fulls, 1);
  assert.equal(s.compactions, 1);
  assert.ok(s.capacity >= cap * 1.25, `capacity ${cap} → ${s.capacity}`);
  assert.equal(p, blocks[13]); // the two holes moved to the top of the survivors: the block starts there
  assert.ok(survivors.every((b, i) => b.ptr === blocks[i]), "survivors packed from the first block on");
});

test("a backend whose survivors fragment its memory compacts them (contents intact) instead of growing", () => {
  const b = new WasmBackend({ threads: 1 });
  const n = 1 << 18; // 2 MB of float64
  const kept: { buf: ReturnType<WasmBackend["alloc"]>; v: number }[] = [];
  let capacity = 0;
  for (let step = 0; step < 120; step++) {
    // a "step": large intermediates of varying size, released, and one survivor kept for good
    const tmp = [b.alloc("float64", n + (step % 5) * 4096), b.alloc("float64", n / 2), b.alloc("float64", 2 * n)];
    const out = b.fromTyped(new Float64Array(2048).fill(step), "float64");
    if (step % 10 === 0) kept.push({ buf: out, v: step });
    tmp.forEach((t) => b.release(t));
    if (step === 40) capacity = b.memoryBytes();
  }
  assert.equal(b.memoryBytes(), capacity, `grew after warm-up: ${(capacity / MB).toFixed(1)} → ${(b.memoryBytes() / MB).toFixed(1)} MB`);
  for (const { buf, v } of kept) assert.ok((b.read(buf) as Float64Array).every((x) => x === v), `survivor of step ${v}`);
});

test("a few hundred jitted conv–pool training steps keep the wasm memory flat after warm-up", (t) => {
  const be = getBackend() as unknown as { name: string; memoryBytes?: () => number; memoryStats?: () => { compactions: number; evictions: number } };
  if (be.name !== "wasm" || !be.memoryBytes) return t.skip("wasm backend only (the js backend's memory is the JS heap)");
  const batch = 64;
  const model = nn.sequential(
    nn.conv(8, [3, 3]), nn.relu, nn.maxPool([2, 2], { strides: [2, 2] }),
    nn.conv(16, [3, 3]), nn.relu, nn.maxPool([2, 2], { strides: [2, 2] }),
    nn.flatten(), nn.dense(64), nn.relu, nn.dense(10),
  );
  let params = model.init(random.key(0), [batch, 16, 16, 1]);
  const opt = optim.adam(1e-3);
  let state = opt.init(params);
  type P = unknown[];
  const loss = (p: P, x: NDArray, y: NDArray) => np.mean(nn.softmaxCrossEntropy(model.apply(p, x), y));
  const step = jit((p: P, s: unknown, x: NDArray, y: NDArray) => {
    const [l, g] = valueAndGrad(loss)(p, x, y);
    const [u, next] = opt.update(g, s, p);
    return [optim.applyUpdates(p, u), next, l] as [P, unknown, NDArray];
  });
  const xs = random.normal(random.key(1), [8 * batch, 16, 16, 1]), ys = random.randint(random.key(2), [8 * batch], 0, 10);
  const sizes: number[] = [];
  const warm = 60, steps = 300;
  let first = NaN, last = NaN;
  for (let i = 0; i < steps; i++) {
    const j = (i % 8) * batch;
    let l: NDArray;
    [params, state, l] = step(params, state, xs.get(`${j}:${j + batch}`), ys.get(`${j}:${j + batch}`));
    last = l.item() as number;
    if (i === 0) first = last;
    if (i % 20 === 19) sizes.push(be.memoryBytes() / MB);
  }
  const stats = be.memoryStats!();
  t.diagnostic(`wasm memory every 20 steps (MB): ${sizes.map((v) => v.toFixed(1)).join(" ")}; compactions ${stats.compactions}, evictions ${stats.evictions}`);
  assert.ok(last < first, `the loss fell: ${first} → ${last}`);
  const afterWarm = sizes[Math.floor(warm / 20) - 1];
  assert.ok(stats.compactions > 2, `the memory was full several times (compactions: ${stats.compactions})`);
  // flat: at most two growth steps after warm-up, and bounded (≤ 2×) — when the
  // collector runs late (a loaded machine), more dead step outputs are still registered at a compaction
  // and the memory grows a step or two (seen: 8.9 → 11.1 → 13.9 MB), then stays; a leak would grow at
  // every few steps
  const after = sizes.slice(Math.floor(warm / 20) - 1);
  const growths = after.filter((v, i) => i > 0 && v > after[i - 1]).length;
  assert.ok(growths <= 2 && sizes[sizes.length - 1] <= 2 * afterWarm, `wasm memory grew after warm-up: ${sizes.map((v) => v.toFixed(1)).join(" ")} MB`);
});
