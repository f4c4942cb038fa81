import type { Command } from 'commander';

/**
 * The `name` command group (`keys`, `flow`, `templates`, …): several areas add subcommands to one
 * group, so the first to ask creates it and the others reuse it.
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}
