/** Trial params small enough that a run takes milliseconds; shared by the workerd pool tests and the wrangler dev e2e. */
export const TINY = {
  depth: 2,
  width: 8,
  steps: 20,
  trainSize: 64,
  testSize: 32,
  batchSize: 16,
  logEvery: 5,
  checkpointEvery: 10,
  histogramBins: 8,
};

export function query(params: Record<string, unknown>): string {
  return new URLSearchParams(
    Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
  ).toString();
}
