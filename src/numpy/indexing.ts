/** @file Indexing: basic slicing, integer-array gather, take, takeAlongAxis and functional updates (x.at(idx).set/add). */
export {};
