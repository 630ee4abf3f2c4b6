/**
 * @file Static types of issue 10's core seams: `bind` is generic over a primitive's params (a wrong
 * or missing params object is a compile error), NDArray's methods come from the module augmentation
 * in src/numpy/methods.ts, and the public `lax` wrappers are typed.
 */
import { NDArray, np, lax } from "../../src/index.js";
import { bind, bind1 } from "../../src/core/trace.js";
import { reduceSumP } from "../../src/primitives/reduce.js";
import { negP, convertElementTypeP } from "../../src/primitives/elementwise.js";
import { sortP } from "../../src/primitives/indexing.js";

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
const check = <T extends true>() => {};

const x = np.array([1, 2, 3]);

// ---- bind: params typed by the primitive ----
bind1(reduceSumP, [x], { axes: [0] });
bind1(negP, [x]);
bind(sortP, [x]);
bind1(convertElementTypeP, [x], { newDtype: "int32" });
// @ts-expect-error -- reduce_sum takes { axes }, not { axis }
bind1(reduceSumP, [x], { axis: 0 });
// @ts-expect-error -- reduce_sum needs its params
bind1(reduceSumP, [x]);
// @ts-expect-error -- neg takes no params
bind1(negP, [x], { axes: [0] });
// @ts-expect-error -- not a dtype
bind1(convertElementTypeP, [x], { newDtype: "float16" });

// ---- methods, declared by module augmentation ----
check<Equal<ReturnType<typeof x.sum>, NDArray>>();
check<Equal<ReturnType<typeof x.gt>, NDArray<"bool">>>();
const cast: NDArray<"int32"> = x.astype("int32");
// @ts-expect-error -- no such method
x.frobnicate();
// @ts-expect-error -- an axis is a number, a list or an options object
x.sum("0");

// ---- the public lax wrappers ----
check<Equal<ReturnType<typeof lax.add>, NDArray>>();
const sorted: NDArray = lax.sort(x);
const sortedMany: NDArray[] = lax.sort([x, x], { numKeys: 1 });
const [vals, idx]: [NDArray, NDArray] = lax.topK(x, 2);
lax.dotGeneral(x, x, [[[0], [0]], [[], []]], { preferredElementType: "float64" });
// @ts-expect-error -- dimension numbers are ((lc, rc), (lb, rb))
lax.dotGeneral(x, x, [[0], [0]]);
// @ts-expect-error -- lax takes no JS lists as operands
lax.add([1, 2], x);
// @ts-expect-error -- an unknown rounding method
lax.round(x, "up");
export { cast, sorted, sortedMany, vals, idx };
