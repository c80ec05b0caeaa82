/**
 * A layer's weight shape, by its fans or by a convolution's channels, and a network's hidden layer sizes. Free of the
 * validation library, so the code panel's lazily loaded bundle can derive a kernel's fans from it too.
 */

/** A k×k 2-D convolution's weight, by its channels: PyTorch lays it out [c_out, c_in, k, k], Keras [k, k, c_in, c_out]. */
export interface ConvShape {
  inChannels: number;
  outChannels: number;
  kernelSize: number;
}

/**
 * A layer's weight as drawn: the fans its formula scales by and the [rows, cols] matrix of its values (y = xW). For a
 * dense layer they coincide. A convolution is drawn as its [c_in·k², c_out] matrix (one row per input of a receptive
 * field), with fan_in = c_in·k² and fan_out = c_out·k², as PyTorch's _calculate_fan_in_and_fan_out and Keras'
 * compute_fans count them (each output channel's k² positions count toward fan_out).
 */
export interface WeightShape {
  fanIn: number;
  fanOut: number;
  rows: number;
  cols: number;
}

export function weightShape(p: { fanIn: number; fanOut: number } & Partial<ConvShape>): WeightShape {
  if (p.inChannels === undefined || p.outChannels === undefined || p.kernelSize === undefined)
    return { fanIn: p.fanIn, fanOut: p.fanOut, rows: p.fanIn, cols: p.fanOut };
  const k2 = p.kernelSize * p.kernelSize;
  return { fanIn: p.inChannels * k2, fanOut: p.outChannels * k2, rows: p.inChannels * k2, cols: p.outChannels };
}

/** The units of each hidden layer (mlp) or block (residual): widths when given, else depth copies of width. */
export function hiddenWidths(p: { depth: number; width: number; widths?: readonly number[] }): number[] {
  return p.widths ? [...p.widths] : Array.from({ length: p.depth }, () => p.width);
}
