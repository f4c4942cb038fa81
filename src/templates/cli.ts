import type { Command } from 'commander';
import { formatProblem, TemplateError } from './errors.ts';
import { checkTemplatesDir, loadTemplates } from './load.ts';
import type { CloudParameter } from './parameters.ts';
import { renderTemplate } from './render.ts';

export interface TemplateCommandDeps {
  readonly templatesDir: string;
}

/**
 * Adds `templates lint` and `templates render` to a commander program. Output goes through the
 * program's output configuration (`configureOutput`), failures through `command.error` with
 * exit code 1, so tests can capture both with `exitOverride()`.
 */
export function registerTemplateCommands(program: Command, deps: TemplateCommandDeps): void {
  const templates = program.command('templates').description('message templates: check and preview');

  templates
    .command('lint')
    .description('check every template file against WhatsApp rules; exit 1 on problems')
    .action(function (this: Command) {
      const { definitions, problems } = checkTemplatesDir(deps.templatesDir);
      if (problems.length > 0) {
        this.error(`${problems.length} problem(s) in ${deps.templatesDir}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`, {
          exitCode: 1,
          code: 'flowbook.templates.lint',
        });
      }
      const languages = new Set(definitions.flatMap((d) => Object.keys(d.languages)));
      write(this, `${definitions.length} template(s), ${languages.size} language pack(s): OK\n`);
    });

  templates
    .command('render <name>')
    .description("print a template as the customer would see it")
    .requiredOption('--lang <code>', 'language code, e.g. en_US, ar, pt_BR')
    .option('--params <json>', 'body parameters: JSON array (positional) or object (named)', '[]')
    .option('--tz <zone>', 'customer time zone for epoch values', 'UTC')
    .action(function (this: Command, name: string, options: { lang: string; params: string; tz: string }) {
      let parameters: CloudParameter[] | Record<string, CloudParameter>;
      try {
        parameters = JSON.parse(options.params) as CloudParameter[] | Record<string, CloudParameter>;
      } catch (error) {
        this.error(`--params is not valid JSON: ${(error as Error).message}`, { exitCode: 1, code: 'flowbook.templates.params' });
      }
      try {
        const rendered = renderTemplate(loadTemplates(deps.templatesDir), { name, language: options.lang, parameters, timeZone: options.tz });
        for (const warning of rendered.warnings) writeErr(this, `warning: ${warning}\n`);
        write(this, `${rendered.text}\n`);
      } catch (error) {
        if (!(error instanceof TemplateError)) throw error;
        this.error(`${error.code}${error.cloudCode ? ` (Cloud API ${error.cloudCode})` : ''}: ${error.message}`, {
          exitCode: 1,
          code: 'flowbook.templates.render',
        });
      }
    });
}

function write(command: Command, text: string): void {
  const out = command.configureOutput().writeOut ?? ((s: string) => process.stdout.write(s));
  out(text);
}

function writeErr(command: Command, text: string): void {
  const err = command.configureOutput().writeErr ?? ((s: string) => process.stderr.write(s));
  err(text);
}
