/**
 * @file Static types of the public API, checked by `tsc -p test/types` (test/types.test.ts): each
 * `Equal` line pins an inferred type, each `@ts-expect-error` line proves that a misuse is a compile error.
 */
import {
  NDArray, NestedArray, np, grad, valueAndGrad, jvp, vjp, vmap, linearize, linearTranspose, makeJaxpr, jacfwd, jacrev, hessian, jit, ClosedJaxpr,
} from "../../src/index.js";

type Equal<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
const check = <T extends true>() => {};

const x = np.array([1, 2, 3]);
const loss = (p: NDArray) => p.mul(p).sum();
const model = (params: { w: NDArray; b: NDArray }, input: NDArray) => np.matmul(input, params.w).add(params.b).sum();
const params = { w: np.ones([3, 2]), b: np.zeros(2) };

// ---- grad / valueAndGrad: NDArray parameters accept numbers and booleans; gradients mirror the argument tree ----
check<Equal<ReturnType<typeof grad<typeof loss>>, (p: NDArray | number | boolean) => NDArray>>();
const g1: NDArray = grad(loss)(3);
grad(loss)(x);
grad(loss)(true);
// @ts-expect-error -- a string is not an array
grad(loss)("3");
// @ts-expect-error -- a JS list is a pytree of leaves, not one array
grad(loss)([1, 2]);
// @ts-expect-error -- one argument too many
grad(loss)(1, 2);
const gp = grad(model)(params, x);
check<Equal<typeof gp, { w: NDArray; b: NDArray }>>();
grad(model)({ w: 1, b: np.zeros(2) }, x);
// @ts-expect-error -- a key is missing
grad(model)({ w: np.ones([3, 2]) }, x);
const gBoth = grad(model, { argnums: [0, 1] })(params, x);
check<Equal<typeof gBoth, [{ w: NDArray; b: NDArray }, NDArray]>>();
const gIn = grad(model, { argnums: 1 })(params, x);
check<Equal<typeof gIn, NDArray>>();
// @ts-expect-error -- the input gradient has no `w`
gIn.w;
const withAux = (p: NDArray): [NDArray, { n: number; h: NDArray }] => [p.sum(), { n: 1, h: p }];
const [gA, aux] = grad(withAux, { hasAux: true })(x);
check<Equal<typeof gA, NDArray>>();
check<Equal<typeof aux, { n: NDArray; h: NDArray }>>();
const [[v2, aux2], g2] = valueAndGrad(withAux, { hasAux: true })(x);
check<Equal<typeof v2, NDArray>>();
check<Equal<typeof aux2, { n: NDArray; h: NDArray }>>();
check<Equal<typeof g2, NDArray>>();
const [v3, g3] = valueAndGrad(loss)(2);
check<Equal<typeof v3, NDArray>>();
check<Equal<typeof g3, NDArray>>();
// higher order and composition keep the types
check<Equal<ReturnType<ReturnType<typeof grad<ReturnType<typeof grad<typeof loss>>>>>, NDArray>>();
const gg: NDArray = grad(grad(loss))(1);
const jg: NDArray = jit(grad(loss))(2);
// library functions taking ArrayLike are one leaf
const gs: NDArray = grad(np.sin)(1);
const vgs: NDArray = vmap(grad(np.sin))(np.linspace(0, 1, 5));
// untyped functions stay untyped
const ga = grad((p) => np.sin(p))(1);
check<Equal<typeof ga, any>>();

// ---- vmap / jvp / vjp / linearize / linearTranspose / makeJaxpr ----
const vm = vmap((p: NDArray) => ({ y: p.mul(2), pair: [p, p.gt(0)] as const, k: 3 }))(x);
check<Equal<typeof vm, { y: NDArray; pair: readonly [NDArray, NDArray<"bool">]; k: NDArray }>>();
// @ts-expect-error -- no such output
vm.z;
const [y, dy] = jvp(loss, [2], [1]);
check<Equal<typeof y, NDArray>>();
check<Equal<typeof dy, NDArray>>();
// @ts-expect-error -- one primal per parameter
jvp(model, [params], [params]);
const [yv, back] = vjp(model, params, x);
const cts = back(1);
check<Equal<typeof yv, NDArray>>();
check<Equal<typeof cts, [{ w: NDArray; b: NDArray }, NDArray]>>();
const [yl, lin] = linearize(np.sin, 1);
const tl: NDArray = lin(0.5);
// @ts-expect-error -- tangents as f's arguments
lin("0.5");
const tT = linearTranspose((p: NDArray) => p.mul(2), x)(x);
check<Equal<typeof tT, [NDArray]>>();
const jx: ClosedJaxpr = makeJaxpr(loss)(1);
// @ts-expect-error -- makeJaxpr checks the arguments too
makeJaxpr(loss)("1");

// ---- Jacobians: f's output tree with the (argnums-selected) input tree at each leaf ----
const jf: NDArray = jacfwd(loss)(x);
const jr: NDArray = jacrev((p: NDArray) => p.sin())(x);
const jm = jacrev((p: { w: NDArray; b: NDArray }) => ({ s: p.w.sum(), t: p.b }))(params);
check<Equal<typeof jm, { s: { w: NDArray; b: NDArray }; t: { w: NDArray; b: NDArray } }>>();
const j2 = jacfwd((a: NDArray, b: NDArray) => a.mul(b), { argnums: [0, 1] })(x, x);
check<Equal<typeof j2, [NDArray, NDArray]>>();
const h: NDArray = hessian(loss)(x);
const h2 = hessian((a: NDArray, b: NDArray) => a.mul(b).sum(), { argnums: [0, 1] })(x, x);
check<Equal<typeof h2, [[NDArray, NDArray], [NDArray, NDArray]]>>();
// @ts-expect-error -- jacfwd checks the arguments
jacfwd(loss)({ x });

// ---- item(), dtype, toArray(), coercion ----
const b1: boolean = x.gt(0).sum().gt(1).item();
const n1: number = x.sum().item();
// @ts-expect-error -- an array of unknown dtype gives a number
const b2: boolean = x.sum().item();
check<Equal<ReturnType<typeof x.astype<"int32">>["dtype"], "int32">>();
const b3: boolean = np.array(1).astype("bool").item();
const nested: NestedArray = x.toArray();
// @ts-expect-error -- the rank is not known statically: cast (`as number[]`) to index
x.toArray()[0];
const rows = np.eye(2).toArray() as number[][];
// @ts-expect-error -- TypeScript rejects comparing an array with a number (JS coerces it: see test/coercion.test.ts)
x > 0;
const s: string = `${x}`;

// ---- more misuse the types catch ----
// @ts-expect-error -- valueAndGrad checks the arguments
valueAndGrad(loss)("2");
// @ts-expect-error -- vmap checks the arguments
vmap(loss)("x");
// @ts-expect-error -- a cotangent is an array or a number
back("1");
// @ts-expect-error -- model takes two arguments
grad(model, { argnums: 1 })(params);
// @ts-expect-error -- the aux tree has no `m`
aux.m;
// @ts-expect-error -- jacrev checks the arity
jacrev(loss)(x, x);
// @ts-expect-error -- hessian checks the arguments
hessian(loss)("x");
// @ts-expect-error -- comparisons are bool arrays
const d: "float32" = x.gt(0).dtype;
// jit keeps f's types too (numbers accepted where f declares NDArray, as at run time)
const jl: NDArray = jit(loss)(3);
const jn = jit((a: NDArray) => ({ n: 1, a }))(x);
check<Equal<typeof jn, { n: NDArray; a: NDArray }>>();
// @ts-expect-error -- jit checks the arguments
jit(loss)("3");
// np's comparisons, predicates, logic and all/any are bool arrays too
const allPos: boolean = np.all(x.gt(0)).item();
const anyNan: boolean = np.any(np.isnan(x)).item();
const eq0: boolean = np.equal(np.array(0), 0).item();
const notB: boolean = np.logicalNot(np.array(false)).item();
// @ts-expect-error -- a boolean is not a number
const allN: number = np.all(x).item();
