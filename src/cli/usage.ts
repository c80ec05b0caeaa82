/** Help text, generated from the same field tables that validate the flags, so it cannot drift from them. */
import { describeAllowed, type Field, flagName } from '../params/index.ts';
import { DATA_FLAGS, GLOBAL_FLAGS, STREAM_FLAG } from './args.ts';
import type { Command } from './command.ts';

/** What to type after a flag: nothing for booleans, a hint of the value's kind otherwise. */
export function valueHint(f: Field): string {
  switch (f.kind) {
    case 'bool':
      return '';
    case 'int':
      return 'N';
    case 'num':
      return 'X';
    case 'enum':
      return f.values.length <= 4 ? f.values.join('|') : 'ID';
    case 'list':
      return 'ID,ID,…';
    case 'intList':
      return 'N,N,…';
    case 'numOrKeyword':
      return `X|${f.keywords.join('|')}`;
  }
}

function defaultText(f: Field): string {
  if (f.default === undefined || f.default === null) return '';
  return `; default ${Array.isArray(f.default) ? f.default.join(',') : String(f.default)}`;
}

/** Booleans are switches on the command line: present means true. */
function allowedText(name: string, f: Field): string {
  if (f.kind !== 'bool') return `${describeAllowed(f)}${defaultText(f)}`;
  return f.default
    ? `a switch, on by default; ${flagName(name)}=false turns it off`
    : 'a switch: give it to turn it on';
}

/** Width of the flag column: a longer flag spelling goes on a line of its own, never into its description. */
const FLAG_COLUMN = 30;

/** Two lines per flag: the flag and its doc, then the allowed values and default (the error messages' wording). */
export function flagLines(name: string, f: Field, operand?: string): string[] {
  const head = name === operand ? `${name.toUpperCase()} (or ${flagName(name)})` : flagName(name);
  const hint = name === operand ? '' : valueHint(f);
  const flag = `  ${head}${hint ? ` ${hint}` : ''}`;
  const indent = ' '.repeat(FLAG_COLUMN);
  const docLines = flag.length < FLAG_COLUMN ? [flag.padEnd(FLAG_COLUMN) + f.doc] : [flag, indent + f.doc];
  return [...docLines, indent + allowedText(name, f)];
}

export function commandUsage(name: string, command: Command): string {
  const field = command.operand?.field.toUpperCase();
  const operand = field ? (command.operand?.optional ? ` [${field}]` : ` ${field}`) : '';
  const lines = [
    `initlab ${name} — ${command.summary}`,
    '',
    `Usage: initlab ${name}${operand} [flags] [${command.stream ? '--stream | ' : ''}--json]`,
    '',
  ];
  lines.push('Flags:');
  for (const [name, spec] of Object.entries(command.fields))
    lines.push(...flagLines(name, spec, command.operand?.field));
  const globals = command.stream ? { ...DATA_FLAGS, ...STREAM_FLAG, ...GLOBAL_FLAGS } : GLOBAL_FLAGS;
  for (const [flag, doc] of Object.entries(globals)) lines.push(`  ${flag}`.padEnd(FLAG_COLUMN) + doc);
  if (command.examples?.length) lines.push('', 'Examples:', ...command.examples.map((e) => `  ${e}`));
  return lines.join('\n');
}

export function overviewUsage(commands: readonly (readonly [string, Command])[]): string {
  const w = Math.max(...commands.map(([n]) => n.length));
  return [
    'initlab — weight initialisation, explained and measured',
    '',
    'Usage: initlab <command> [flags] [--json]',
    '',
    'Commands:',
    ...commands.map(([n, c]) => `  ${n.padEnd(w)}  ${c.summary}`),
    '',
    'Run `initlab <command> --help` for its flags. --json prints only the result JSON on stdout.',
    'Bad input exits with code 2 and one line per bad flag on stderr.',
  ].join('\n');
}
