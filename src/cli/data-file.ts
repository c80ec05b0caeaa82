/**
 * `--data FILE.csv [--target COLUMN]`: the file is parsed by the engine's CSV reader, registered for this process and
 * given to the command as `dataset=user:<id>` — the same id, and so the same trial, as uploading it to the API.
 */
import { readFile } from 'node:fs/promises';
import { parseUserCsv, registerUserData } from '../index.ts';
import type { ParsedArgs } from './args.ts';
import { UsageError } from './command.ts';

/** Fills `args.input.dataset` from --data; bad files and misplaced flags are usage errors (exit 2). */
export async function applyDataFlags(args: ParsedArgs, trains: boolean, command: string): Promise<void> {
  const data = args.data;
  if (!data) return;
  if (!trains)
    throw new UsageError([`--data/--target: only the commands that train take a CSV (trial, compare), not ${command}`]);
  if (data.file === undefined) throw new UsageError(['--target names a column of --data FILE.csv: give --data too']);
  if (args.input.dataset !== undefined) throw new UsageError(['give --data FILE.csv or --dataset, not both']);
  let text: string;
  try {
    text = await readFile(data.file, 'utf8');
  } catch (err) {
    throw new UsageError([`--data ${data.file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`]);
  }
  const parsed = await parseUserCsv(text, data.target);
  if (!parsed.ok)
    throw new UsageError(
      parsed.errors.map((e) => `${e.path === 'target' ? '--target' : `--data ${data.file}`}: ${e.message}`),
    );
  args.input.dataset = registerUserData(parsed.data);
}
