/** @file The checked `debug` namespace (printing and callbacks from traced code) with its signatures. */
import { checked } from "../numpy/signature.js";

// errors from inside keep their text: these functions run user code (or name themselves already)
const c = <F extends (...args: any[]) => any>(f: F, sig: string): F => checked(f, sig, { renameErrors: false });
import * as db from "../debug/index.js";

export * from "../debug/index.js";
export const setPrinter = c(db.setPrinter, "debug.setPrinter(p)");
export const print = c(db.print, "debug.print(fmt, ...values*)");
export const callback = c(db.callback, "debug.callback(fn, ...values*)");
