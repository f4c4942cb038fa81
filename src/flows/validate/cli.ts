import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { commandGroup } from '../../cli-group.ts';
import { validateFlowJson, type ValidationError } from './index.ts';

/** What the command touches, injectable so tests run without files or a real stdout. */
export interface FlowValidateIo {
  readonly readFile: (file: string) => string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly setExitCode: (code: number) => void;
}

const defaultIo: FlowValidateIo = {
  readFile: (file) => readFileSync(file, 'utf8'),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  setExitCode: (code) => {
    process.exitCode = code;
  },
};

/** One error as compilers print them, so editors can jump to it. */
function formatValidationError(file: string, error: ValidationError): string {
  const where = error.pointer === '' ? '' : ` (${error.pointer})`;
  return `${file}:${error.line_start}:${error.column_start} ${error.error} ${error.message}${where}`;
}

/**
 * Adds `flow validate <file>` to `program` (reusing an existing `flow` command if another module
 * registered it). Prints one line per error and exits with code 1 when the Flow JSON is invalid,
 * 2 when the file cannot be read.
 */
export function registerFlowValidateCommand(program: Command, io: FlowValidateIo = defaultIo): Command {
  const flow = commandGroup(program, 'flow', 'WhatsApp Flow JSON tools');
  return flow
    .command('validate')
    .description("Check a Flow JSON file against Meta's publishing rules, offline")
    .argument('<file>', 'Flow JSON file')
    .option('--json', 'print the errors as a JSON array in the validation_errors shape')
    .action((file: string, options: { json?: boolean }) => {
      let text: string;
      try {
        text = io.readFile(file);
      } catch (error) {
        io.err(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        io.setExitCode(2);
        return;
      }
      const { ok, errors } = validateFlowJson(text);
      if (options.json) io.out(JSON.stringify(errors, null, 2));
      else if (ok) io.out(`${file}: valid`);
      else for (const error of errors) io.out(formatValidationError(file, error));
      if (!ok) io.setExitCode(1);
    });
}
