/**
 * A single self-updating progress line on stderr. It appears only on a terminal and only once a run has lasted
 * `delayMs` (short runs stay silent), is throttled, and is erased when the run ends so it never mixes with the
 * result. Piped stderr gets nothing: a `\r`-updated line is noise in a log file.
 */
export interface Progress {
  /** `done` of `total` units (steps, runs, …) finished; `label` says what is running. */
  update(done: number, total: number, label?: string): void;
  /** Erase the line (idempotent). */
  finish(): void;
}

export interface ProgressSink {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
}

const BAR_WIDTH = 20;

export function progressBar(fraction: number, width = BAR_WIDTH): string {
  const f = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const full = Math.round(f * width);
  return `${'█'.repeat(full)}${'░'.repeat(width - full)}`;
}

export function progressLine(label: string, done: number, total: number, elapsedMs: number): string {
  // A stage without countable units gets no bar, just its name and the clock.
  if (total <= 1) return `${label}…  ${(elapsedMs / 1000).toFixed(1)} s`;
  const fraction = total > 0 ? done / total : 0;
  const pct = `${Math.floor(fraction * 100)}%`.padStart(4);
  const left = done > 0 && done < total ? `, ~${Math.ceil(((total - done) * elapsedMs) / done / 1000)} s left` : '';
  return `${label} ${progressBar(fraction)} ${done}/${total} ${pct}  ${(elapsedMs / 1000).toFixed(1)} s${left}`;
}

export function createProgress(
  sink: ProgressSink,
  name: string,
  { delayMs = 1000, intervalMs = 100, now = () => performance.now() } = {},
): Progress {
  const start = now();
  let lastDraw = -Infinity;
  let drawn = false;
  return {
    update(done, total, label = name) {
      const t = now();
      if (!sink.isTTY || t - start < delayMs || t - lastDraw < intervalMs) return;
      lastDraw = t;
      const line = progressLine(label, done, total, t - start).slice(0, (sink.columns ?? 80) - 1);
      sink.write(`\r\x1b[2K${line}`);
      drawn = true;
    },
    finish() {
      if (drawn) sink.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
