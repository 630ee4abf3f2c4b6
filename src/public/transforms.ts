/**
 * @file The checked top-level API: transformations, backend and dtype settings, each with its
 * one-line signature (see src/numpy/signature.ts); pytree arguments are marked `*` (dicts are data there).
 */
import { checked } from "../numpy/signature.js";

// errors from inside keep their text: these functions run user code (or name themselves already)
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });
import * as api from "../transforms/api.js";
import * as jac from "../transforms/jacobian.js";
import * as cu from "../transforms/custom.js";
import * as ji from "../transforms/jit.js";
import * as cp from "../transforms/checkpoint.js";
import * as be from "../backend/registry.js";
import * as dt from "../core/dtype.js";
import * as ck from "../numeric/check.js";

export const jvp = c(api.jvp, "jvp(f, primals, tangents)");
/** The pullback `vjp` returns takes one cotangent (a pytree): a surplus argument is an error. */
const vjpChecked = ((f: (...a: any[]) => any, ...primals: any[]) => {
  const out = (api.vjp as (...a: any[]) => any[])(f, ...primals).slice();
  out[1] = c(out[1], "vjp.pullback(cotangent*)");
  return out;
}) as typeof api.vjp;
export const vjp = c(vjpChecked, "vjp(f, ...primals*)");
export const grad = c(api.grad, "grad(f, opts?{argnums,hasAux,holomorphic,checkHolomorphic})");
export const valueAndGrad = c(api.valueAndGrad, "valueAndGrad(f, opts?{argnums,hasAux,holomorphic,checkHolomorphic})");
export const vmap = c(api.vmap, "vmap(f, opts?{inAxes,outAxes,axisSize})");
export const linearize = c(api.linearize, "linearize(f, ...primals*)");
const linearTransposeChecked = ((f: (...a: any[]) => any, ...primals: any[]) =>
  c((api.linearTranspose as (...a: any[]) => (ct: unknown) => unknown)(f, ...primals), "linearTranspose.transpose(cotangent*)")) as typeof api.linearTranspose;
export const linearTranspose = c(linearTransposeChecked, "linearTranspose(f, ...primals*)");
export const makeJaxpr = c(api.makeJaxpr, "makeJaxpr(f)");
export const jacfwd = c(jac.jacfwd, "jacfwd(f, opts?{argnums,holomorphic,checkHolomorphic})");
export const jacrev = c(jac.jacrev, "jacrev(f, opts?{argnums,holomorphic,checkHolomorphic})");
export const hessian = c(jac.hessian, "hessian(f, opts?{argnums})");
export const customJvp = c(cu.customJvp, "customJvp(f, rule)");
export const customVjp = c(cu.customVjp, "customVjp(f, fwd, bwd)");
export const jit = c(ji.jit, "jit(f, opts?{staticArgnums})");
export const checkpoint = c(cp.checkpoint, "checkpoint(f)");
export const setBackend = c(be.setBackend, "setBackend(name)");
export const getBackend = c(be.getBackend, "getBackend()");
export const setDefaultFloat = c(dt.setDefaultFloat, "setDefaultFloat(dtype)");
export const getDefaultFloat = c(dt.getDefaultFloat, "getDefaultFloat()");
export const promoteTypes = c(dt.promoteTypes, "promoteTypes(a, b)");
export const checkGrads = c(ck.checkGrads, "checkGrads(f, args, opts?{order,modes,atol,rtol,eps,levels,seed})");
