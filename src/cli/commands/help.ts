import { type FieldTable, parseTable } from '../../params/index.ts';
import { defineCommand } from '../command.ts';
import { commandNames, loadCommand } from '../registry.ts';
import { commandUsage, overviewUsage } from '../usage.ts';

const fields = {
  command: { kind: 'enum', values: commandNames(), doc: 'the command to explain' },
} satisfies FieldTable;

export default defineCommand<{ command?: string }>({
  summary: 'Show the commands, or one command’s flags',
  fields,
  operand: { field: 'command', optional: true },
  normalise(input) {
    const parsed = parseTable(fields, input, true);
    return parsed.ok ? { ok: true, params: parsed.data as { command?: string } } : parsed;
  },
  async run({ command }) {
    const text = command ? await usageOf(command) : await overview();
    return { json: { usage: text }, human: text };
  },
  examples: ['initlab help trial', 'initlab trial --help'],
});

async function usageOf(name: string): Promise<string> {
  return commandUsage(name, (await loadCommand(name))!);
}

export async function overview(): Promise<string> {
  const names = commandNames();
  const commands = await Promise.all(names.map(async (n) => [n, (await loadCommand(n))!] as const));
  return overviewUsage(commands);
}
