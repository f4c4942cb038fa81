import type { Command } from 'commander';
import { commandGroup } from '../cli-group.ts';
import { ConfigError } from '../errors.ts';
import type { GraphClient } from '../whatsapp/graph.ts';
import { createMessageTemplate, listMessageTemplates } from '../whatsapp/templates-api.ts';
import { loadTemplates } from './load.ts';
import { toMetaTemplates } from './meta.ts';

export interface TemplatePushDeps {
  readonly templatesDir: string;
  readonly wabaId: string | undefined;
  readonly client: () => GraphClient;
  readonly out?: (line: string) => void;
}

/**
 * `templates push [--name] [--lang]`: submits every (template, language) that Meta does not have yet;
 * `templates status`: each language's approval state. The webhook's `message_template_status_update`
 * keeps the state current afterwards.
 */
export function registerTemplatePushCommands(program: Command, deps: TemplatePushDeps): void {
  const out = deps.out ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const parent = commandGroup(program, 'templates', 'message templates: check and preview');
  const waba = () => {
    if (!deps.wabaId) throw new ConfigError(['WABA_ID is required to manage message templates']);
    return deps.wabaId;
  };

  parent
    .command('push')
    .description('submit the templates (each language) to Meta for approval; existing ones are left alone')
    .option('--name <name>', 'only this template')
    .option('--lang <codes>', 'only these languages, comma-separated')
    .action(async (options: { name?: string; lang?: string }) => {
      const registry = loadTemplates(deps.templatesDir);
      const existing = await listMessageTemplates(deps.client(), waba());
      const known = new Set(existing.map((t) => `${t.name}/${t.language}`));
      const languages = options.lang?.split(',').map((s) => s.trim());
      for (const template of registry.templates.values()) {
        if (options.name && template.name !== options.name) continue;
        for (const body of toMetaTemplates(template, languages)) {
          const key = `${body.name}/${body.language}`;
          if (known.has(key)) {
            out(`${key}: already submitted`);
            continue;
          }
          const created = await createMessageTemplate(deps.client(), waba(), body);
          out(`${key}: submitted (${created.status ?? 'PENDING'})`);
        }
      }
    });

  parent
    .command('status')
    .description("each template language's approval state at Meta")
    .action(async () => {
      const registry = loadTemplates(deps.templatesDir);
      const existing = await listMessageTemplates(deps.client(), waba());
      const states = new Map(existing.map((t) => [`${t.name}/${t.language}`, t.status]));
      for (const template of registry.templates.values()) {
        for (const code of Object.keys(template.languages)) {
          out(`${template.name}/${code}: ${states.get(`${template.name}/${code}`) ?? 'NOT SUBMITTED'}`);
        }
      }
    });
}
