import type { Command } from 'commander';
import { UsageError } from '../errors.ts';
import { GraphApiError, graphErrorReason } from '../whatsapp/errors.ts';
import { deleteMessageTemplate, listMessageTemplates, type TemplateInfo } from '../whatsapp/templates-api.ts';
import type { TemplateCommandContext } from './push-cli.ts';
import { compareTemplates, formatDiff } from './template-diff.ts';

/**
 * `templates sync` (read-only: the YAML against Meta's copy) and `templates delete <name>` (at Meta,
 * after `--yes`). Registered by push-cli.ts under the same `templates` group.
 */
export function registerTemplateSyncCommands(parent: Command, ctx: TemplateCommandContext): void {
  const { out } = ctx;

  parent
    .command('sync')
    .description(
      "compare the YAML templates with Meta's (read-only): per language, missing at Meta, missing in the " +
        "YAML, or the fields that differ, with Meta's status, category and quality. " +
        'Exit status: 0 when everything is in sync, 1 when anything differs or is missing',
    )
    .option('--name <name>', 'only this template')
    .action(async (options: { name?: string }) => {
      const locals = ctx.locals({ name: options.name });
      const remotes = (await listMessageTemplates(ctx.deps.client(), ctx.waba())).filter(
        (r) => !options.name || r.name === options.name,
      );
      let outOfSync = 0;
      for (const c of compareTemplates(locals, remotes)) {
        if (c.kind !== 'in-sync') outOfSync++;
        switch (c.kind) {
          case 'in-sync':
            out(`${c.key}: in sync ${facts(c.remote)}`);
            break;
          case 'differs':
            out(`${c.key}: differs ${facts(c.remote)}`);
            for (const d of c.diff) out(`  ${formatDiff(d)}`);
            break;
          case 'missing-at-meta':
            out(`${c.key}: missing at Meta (run: flowbook templates push)`);
            break;
          case 'missing-in-yaml':
            out(`${c.key}: missing in the YAML ${facts(c.remote)}`);
            break;
        }
      }
      out(outOfSync === 0 ? 'in sync' : `not in sync: ${outOfSync} template language(s)`);
      if (outOfSync > 0) ctx.setExitCode(1);
    });

  parent
    .command('delete <name>')
    .description(
      'delete a template at Meta: every language, or only --lang; needs --yes (Meta does not let an ' +
        "approved template's name be reused for 30 days)",
    )
    .option('--lang <code>', 'only this language')
    .option('--yes', 'really delete it')
    .action(async (name: string, options: { lang?: string; yes?: boolean }) => {
      const what = options.lang ? `${name}/${options.lang}` : `${name} (all languages)`;
      if (!options.yes) throw new UsageError(`templates delete removes ${what} at Meta: run it again with --yes`);
      const waba = ctx.waba();
      let hsmId: string | undefined;
      if (options.lang) {
        const found = (await listMessageTemplates(ctx.deps.client(), waba, { name })).find(
          (t) => t.name === name && t.language === options.lang,
        );
        if (!found) throw new UsageError(`Meta has no template ${name}/${options.lang}`);
        hsmId = found.id;
      }
      try {
        await deleteMessageTemplate(ctx.deps.client(), waba, { name, hsmId });
      } catch (error) {
        // Meta refusing the deletion (no such template, …) is for the user to fix; 5xx and network stay as they are.
        if (error instanceof GraphApiError && error.httpStatus < 500)
          throw new UsageError(`Meta refused to delete ${what}: ${graphErrorReason(error)}`, { cause: error });
        throw error;
      }
      out(`${what}: deleted at Meta`);
    });
}

function facts(t: TemplateInfo): string {
  return `(${t.status}, ${t.category ?? 'no category'}, quality ${t.qualityScore ?? 'unknown'})`;
}
