/**
 * What a subcommand is. Each file in `commands/` default-exports one `Command`; the registry finds them by file name,
 * so adding a subcommand is adding one file.
 */
import type { FieldTable, Normalised } from '../params/index.ts';
import type { RunFrame } from '../train/index.ts';
import type { Progress } from './progress.ts';

export interface CommandOutput {
  /** Exactly what `--json` prints. */
  json: unknown;
  /** The readable summary printed without `--json`. */
  human: string;
}

export interface RunContext {
  progress: Progress;
  /** Set under `--stream` for commands that stream: every frame of the run, in order. */
  onFrame?: (frame: RunFrame) => void;
}

export interface Operand {
  field: string;
  optional?: boolean;
}

export interface Command<P = unknown> {
  /** One line for `initlab help`. */
  summary: string;
  /** Every field is a flag (`batchSize` → `--batch-size`). */
  fields: FieldTable;
  /** A field filled from a bare argument instead of a flag (e.g. `experiment NAME`); required unless optional. */
  operand?: Operand;
  /** Validates and completes the flags (strings, coerced) into the engine's params. */
  normalise(input: Record<string, unknown>): Normalised<P>;
  run(params: P, ctx: RunContext): Promise<CommandOutput>;
  /** Whether the command runs training and so takes `--stream` (its `run` then passes `ctx.onFrame` on). */
  stream?: boolean;
  /** Shown under `initlab <cmd> --help`. */
  examples?: readonly string[];
}

/** Identity, for type inference of `P` in command files. */
export function defineCommand<P>(command: Command<P>): Command<P> {
  return command;
}

/** Bad input: exit code 2, each line printed as `initlab: <line>` on stderr. */
export class UsageError extends Error {
  constructor(readonly lines: readonly string[]) {
    super(lines.join('\n'));
  }
}
