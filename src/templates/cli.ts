import { InvalidArgumentError, type Command } from 'commander';
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
        this.error(
          `${problems.length} problem(s) in ${deps.templatesDir}:\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`,
          {
            exitCode: 1,
            code: 'flowbook.templates.lint',
          },
        );
      }
      const languages = new Set(definitions.flatMap((d) => Object.keys(d.languages)));
      write(this, `${definitions.length} template(s), ${languages.size} language pack(s): OK\n`);
    });

  templates
    .command('render <name>')
    .description('print a template as the customer would see it')
    .requiredOption('--lang <code>', 'language code, e.g. en_US, ar, pt_BR')
    .option(
      '--params <json>',
      'body parameters: JSON array (positional) or object (named) of text or Cloud API parameters',
      parseParams,
      [],
    )
    .option('--tz <zone>', 'customer time zone for epoch values', 'UTC')
    .addHelpText('after', RENDER_EXAMPLES)
    .action(function (this: Command, name: string, options: { lang: string; params: BodyParameters; tz: string }) {
      try {
        const request = { name, language: options.lang, parameters: options.params, timeZone: options.tz };
        const rendered = renderTemplate(loadTemplates(deps.templatesDir), request);
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

type BodyParameters = CloudParameter[] | Record<string, CloudParameter>;

const RENDER_EXAMPLES = `
Examples:
  flowbook templates render appointment_confirmation --lang en_US --params '{"customer_name":"Ann","service":"Haircut with Ana","location":"Soho","date_time":"Tuesday, 2 June at 09:00","reference":"B-1042","address":"1 Soho Square"}'
  flowbook templates render appointment_reminder_priced --lang de --params '["Ann","Haarschnitt bei Ana","Soho",{"type":"date_time","date_time":{"fallback_value":"2. Juni, 09:00"}},{"type":"currency","currency":{"fallback_value":"25,00 £","code":"GBP","amount_1000":25000}}]'
A plain string or number is sent as a text parameter.`;

/**
 * `--params`: a JSON array (positional templates) or object (named). Each value is a Cloud API
 * parameter object or, for quick previews, a plain string or number, which stands for a text parameter.
 */
function parseParams(json: string): BodyParameters {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new InvalidArgumentError(`Not valid JSON (${(error as Error).message}).`);
  }
  if (raw === null || typeof raw !== 'object')
    throw new InvalidArgumentError('Use a JSON array (positional template) or object (named template).');
  if (Array.isArray(raw)) return raw.map((value, i) => parameter(value, `item ${i + 1}`));
  return Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, parameter(value, `"${key}"`)]));
}

function parameter(value: unknown, where: string): CloudParameter {
  if (typeof value === 'string' || typeof value === 'number') return { type: 'text', text: String(value) };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as CloudParameter;
  throw new InvalidArgumentError(`${where} must be text, a number or a Cloud API parameter object.`);
}

function write(command: Command, text: string): void {
  const out = command.configureOutput().writeOut ?? ((s: string) => process.stdout.write(s));
  out(text);
}

function writeErr(command: Command, text: string): void {
  const err = command.configureOutput().writeErr ?? ((s: string) => process.stderr.write(s));
  err(text);
}
