import { type Matrix } from "../linalg/matrix";

/**
 * The four gradients the update rule needs, shaped like the parameters they belong to. Every way of
 * computing them (the derivation, the autograd engine, TensorFlow.js) returns this shape.
 */
export interface Gradients {
  dE_dW1: Matrix; // n×h
  dE_dB1: Matrix; // h×1
  dE_dW2: Matrix; // h×n
  dE_dB2: Matrix; // n×1
}
