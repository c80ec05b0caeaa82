/**
 * The subcommand registry is the `commands/` folder: `commands/<name>.ts` default-exports the `<name>` command. A
 * command is loaded only when it runs (help loads them all), and a new one needs no edit anywhere else.
 */
import { readdirSync } from 'node:fs';
import type { Command } from './command.ts';

const COMMANDS_DIR = new URL('./commands/', import.meta.url);
const NAME = /^[a-z][a-z0-9-]*$/;

/** Where `help` lists a command: the core workflow first, any other command after them alphabetically. */
const PREFERRED_ORDER = ['sample', 'trial', 'compare', 'theory', 'experiment', 'bench', 'help'];

export function commandNames(): string[] {
  const names = readdirSync(COMMANDS_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.slice(0, -3))
    .filter((n) => NAME.test(n));
  const rank = (n: string) => {
    const i = PREFERRED_ORDER.indexOf(n);
    return i < 0 ? PREFERRED_ORDER.length : i;
  };
  return names.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

export async function loadCommand(name: string): Promise<Command | undefined> {
  if (!NAME.test(name) || !commandNames().includes(name)) return undefined;
  const mod = (await import(new URL(`${name}.ts`, COMMANDS_DIR).href)) as { default: Command };
  return mod.default;
}
