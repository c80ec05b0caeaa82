export interface WranglerDev {
  url: string;
  /** performance.now() when the process was spawned, and when it first answered. */
  startedAt: number;
  readyAt: number;
  log(): string;
  stop(): Promise<void>;
}
export function freePort(): Promise<number>;
export function startWranglerDev(opts?: {
  readyPath?: string;
  timeoutMs?: number;
  vars?: Record<string, string>;
}): Promise<WranglerDev>;
