/** @file Sorting (sort, argsort) and array manipulation (split, tile, repeat, flip, pad, roll, hstack, vstack). */
export {};
