import type { Command } from 'commander';
import { commandGroup } from '../cli-group.ts';
import { ConfigError } from '../errors.ts';
import { graphErrorReason } from '../whatsapp/errors.ts';
import type { GraphClient } from '../whatsapp/graph.ts';
import {
  createMessageTemplate,
  editMessageTemplate,
  listMessageTemplates,
  type TemplateDefinition as MetaTemplate,
} from '../whatsapp/templates-api.ts';
import { loadTemplates } from './load.ts';
import { toMetaTemplates } from './meta.ts';
import { registerTemplateSyncCommands } from './sync-cli.ts';
import { planPush, type PushStep } from './template-diff.ts';

export interface TemplatePushDeps {
  readonly templatesDir: string;
  readonly wabaId: string | undefined;
  readonly client: () => GraphClient;
  readonly out?: (line: string) => void;
  /** How a command reports failure without an error line (a failed push, templates out of sync). */
  readonly setExitCode?: (code: number) => void;
}

/** What the template lifecycle commands share. */
export interface TemplateCommandContext {
  readonly deps: TemplatePushDeps;
  readonly out: (line: string) => void;
  readonly setExitCode: (code: number) => void;
  readonly waba: () => string;
  /** The YAML templates as Meta's create bodies, optionally only one name and some languages. */
  readonly locals: (filter: { name?: string | undefined; languages?: readonly string[] | undefined }) => MetaTemplate[];
}

/**
 * `templates push [--name] [--lang]`: creates what Meta lacks and edits what changed in the YAML;
 * `templates status`: each language's approval state; `templates sync` and `templates delete` are in
 * sync-cli.ts. The webhook's `message_template_status_update` keeps the state current afterwards.
 */
export function registerTemplatePushCommands(program: Command, deps: TemplatePushDeps): void {
  const ctx: TemplateCommandContext = {
    deps,
    out: deps.out ?? ((line: string) => void process.stdout.write(`${line}\n`)),
    setExitCode:
      deps.setExitCode ??
      ((code: number) => {
        process.exitCode = code;
      }),
    waba: () => {
      if (!deps.wabaId) throw new ConfigError(['WABA_ID is required to manage message templates']);
      return deps.wabaId;
    },
    locals: ({ name, languages }) =>
      [...loadTemplates(deps.templatesDir).templates.values()]
        .filter((t) => !name || t.name === name)
        .flatMap((t) => toMetaTemplates(t, languages)),
  };
  const { out } = ctx;
  const parent = commandGroup(program, 'templates', 'message templates: check and preview');

  parent
    .command('push')
    .description(
      'create the template languages Meta lacks and edit those whose YAML changed; one line each ' +
        '(created / updated / unchanged / not editable (STATE) / failed: reason); exit 1 if any failed',
    )
    .option('--name <name>', 'only this template')
    .option('--lang <codes>', 'only these languages, comma-separated')
    .action(async (options: { name?: string; lang?: string }) => {
      const languages = options.lang?.split(',').map((s) => s.trim());
      const locals = ctx.locals({ name: options.name, languages });
      const remotes = await listMessageTemplates(deps.client(), ctx.waba());
      let failed = 0;
      for (const step of planPush(locals, remotes)) {
        try {
          out(`${step.key}: ${await pushStep(ctx, step)}`);
        } catch (error) {
          failed++;
          out(`${step.key}: failed: ${graphErrorReason(error)}`);
        }
      }
      if (failed > 0) ctx.setExitCode(1);
    });

  parent
    .command('status')
    .description("each template language's approval state at Meta")
    .action(async () => {
      const registry = loadTemplates(deps.templatesDir);
      const existing = await listMessageTemplates(deps.client(), ctx.waba());
      const states = new Map(existing.map((t) => [`${t.name}/${t.language}`, t.status]));
      for (const template of registry.templates.values()) {
        for (const code of Object.keys(template.languages)) {
          out(`${template.name}/${code}: ${states.get(`${template.name}/${code}`) ?? 'NOT SUBMITTED'}`);
        }
      }
    });

  registerTemplateSyncCommands(parent, ctx);
}

/** Carries out one step; answers the rest of its report line. Unchanged ones send nothing. */
async function pushStep(ctx: TemplateCommandContext, step: PushStep): Promise<string> {
  switch (step.kind) {
    case 'create': {
      const created = await createMessageTemplate(ctx.deps.client(), ctx.waba(), step.local);
      return `created (${created.status ?? 'PENDING'})`;
    }
    case 'unchanged':
      return `unchanged (${step.remote.status})`;
    case 'not-editable':
      return `not editable (${step.remote.status})${step.reason ? `: ${step.reason}` : ''}; differs in ${paths(step.diff)}`;
    case 'update': {
      await editMessageTemplate(ctx.deps.client(), step.remote.id, step.edit);
      const keeps =
        step.edit.category === undefined && step.diff.some((d) => d.path === 'category')
          ? `; category stays ${step.remote.category ?? '?'} (Meta keeps an approved template's category)`
          : '';
      return `updated (was ${step.remote.status}, now in review): ${paths(step.diff)}${keeps}`;
    }
  }
}

function paths(diff: readonly { readonly path: string }[]): string {
  return diff.map((d) => d.path).join(', ');
}
