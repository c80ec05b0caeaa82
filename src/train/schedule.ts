/** Which steps are logged and which get per-layer statistics. Step s means "after s optimizer updates". */

/** Per-layer statistics are taken at most this many times after init, so results stay small at any step count. */
export const MAX_CHECKPOINTS = 8;

/** 0, logEvery, 2·logEvery, …, and the final step. */
export function logSteps(steps: number, logEvery: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < steps; s += logEvery) out.push(s);
  out.push(steps);
  return out;
}

/** Every `checkpointEvery` steps up to `steps` (none when 0); when that is more than the cap, the cap's worth evenly
 * spaced among them, always including the last. */
export function checkpointSteps(steps: number, checkpointEvery: number): number[] {
  if (checkpointEvery <= 0) return [];
  const all: number[] = [];
  for (let s = checkpointEvery; s <= steps; s += checkpointEvery) all.push(s);
  if (all.length <= MAX_CHECKPOINTS) return all;
  return Array.from(
    { length: MAX_CHECKPOINTS },
    (_, i) => all[Math.round(((i + 1) * all.length) / MAX_CHECKPOINTS) - 1],
  );
}
