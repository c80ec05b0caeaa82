/**
 * How a user dataset's rows split into training and test rows. Free of the engine, so the race widget's page can
 * say a split (and refuse a batch larger than its training rows) before the worker runs.
 */
/** The share of the rows held out when a trial gives no testFraction. */
export const DEFAULT_TEST_FRACTION = 0.2;

/** The held-out rows: `testFraction` of them, rounded, at least one, and at least one row left to train on. */
export function userSplit(rows: number, testFraction: number): { nTrain: number; nTest: number } {
  const nTest = Math.min(rows - 1, Math.max(1, Math.round(rows * testFraction)));
  return { nTrain: rows - nTest, nTest };
}
