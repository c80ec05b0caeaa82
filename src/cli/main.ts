/**
 * `initlab <command> [flags]`: finds the command, turns flags into validated params, runs it and prints JSON or a
 * readable summary. Exit codes: 0 done, 2 bad input (one `initlab: …` line per problem on stderr, nothing on
 * stdout), 1 the run itself failed.
 */
import { engineInfo, initBackend } from '../backend.ts';
import { ENGINE_VERSION } from '../version.ts';
import { closest, errorsToFlagLines, parseArgs } from './args.ts';
import { type Command, type CommandOutput, UsageError } from './command.ts';
import { applyDataFlags } from './data-file.ts';
import { jsonText } from './format.ts';
import { createProgress } from './progress.ts';
import { commandNames, loadCommand } from './registry.ts';
import { commandUsage } from './usage.ts';

export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
}

export async function main(argv: readonly string[], io: Io): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === '--version' || first === '-v') return print(io, `initlab ${ENGINE_VERSION}`);
    const isHelp = first === undefined || first === '--help' || first === '-h';
    const name = isHelp ? 'help' : first;
    const command = await loadCommand(name);
    if (!command) throw new UsageError([unknownCommandMessage(name)]);
    return await runCommand(name, command, isHelp ? [] : rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      for (const line of err.lines) io.stderr.write(`initlab: ${line}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(`initlab: ${message}\n`);
    if (process.env.INITLAB_DEBUG && err instanceof Error) io.stderr.write(`${err.stack}\n`);
    return 1;
  }
}

async function runCommand(name: string, command: Command, argv: readonly string[], io: Io): Promise<number> {
  const args = parseArgs(argv, command.fields, command.operand);
  if (args.help) return print(io, commandUsage(name, command));
  if (args.errors.length) throw new UsageError(args.errors);
  await applyDataFlags(args, command.stream === true, name);
  const normalised = command.normalise(args.input);
  if (!normalised.ok)
    throw new UsageError(errorsToFlagLines(normalised.errors, command.fields, args.input, command.operand?.field));
  if (args.stream && !command.stream)
    throw new UsageError([`--stream: only the commands that train stream their frames (trial, compare), not ${name}`]);
  const progress = createProgress(io.stderr, name);
  const line = (value: unknown) => io.stdout.write(`${JSON.stringify(value)}\n`);
  let output: CommandOutput;
  try {
    if (args.stream) {
      await initBackend();
      line({ type: 'start', params: normalised.params, engine: engineInfo() });
    }
    output = await command.run(normalised.params, { progress, onFrame: args.stream ? line : undefined });
  } finally {
    // Erased before anything is printed, on success or failure: the line must not mix with the result or the error.
    progress.finish();
  }
  if (args.stream) return print(io, JSON.stringify({ type: 'result', result: output.json }));
  return print(io, args.json ? jsonText(output.json, io.stdout.isTTY) : output.human);
}

function print(io: Io, text: string): number {
  io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  return 0;
}

function unknownCommandMessage(name: string): string {
  const names = commandNames();
  const guess = closest(name, names);
  return `unknown command '${name}'; ${guess ? `did you mean '${guess}'? ` : ''}commands: ${names.join(', ')}`;
}

// A reader that stops early (`initlab trial --json | head`) closes the pipe: that is the end of the output, not an
// error (and tfjs' wasm module rethrows uncaught errors with its whole minified source).
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
