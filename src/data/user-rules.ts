/**
 * What a user dataset may be, and how its rows split into training and test rows. Free of the engine and of the CSV
 * parser, so the race widget's page can check a file's size and say a split before the worker runs.
 */

/** What an upload may be; the API, the CLI and the widget all check these. */
export const USER_DATA_LIMITS = { maxBytes: 256 * 1024, maxRows: 5000, maxFeatures: 128, maxClasses: 32, minRows: 10 };

/** The byte limit as people read it (256 KiB). */
export const MAX_BYTES_TEXT = `${USER_DATA_LIMITS.maxBytes / 1024} KiB`;
/** The share of the rows held out when a trial gives no testFraction. */
export const DEFAULT_TEST_FRACTION = 0.2;

/** The held-out rows: `testFraction` of them, rounded, at least one, and at least one row left to train on. */
export function userSplit(rows: number, testFraction: number): { nTrain: number; nTest: number } {
  const nTest = Math.min(rows - 1, Math.max(1, Math.round(rows * testFraction)));
  return { nTrain: rows - nTest, nTest };
}
