import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { onUserFile } from '../cli-files.ts';
import type { Database, Queryable } from '../db/types.ts';
import { CatalogError, UsageError } from '../errors.ts';
import { loadCatalog, parseCatalog } from './load.ts';
import { addRevision, catalogChanges, fileImport, headRevision, undoProblems } from './revisions.ts';
import type { Catalog } from './schema.ts';

export interface CatalogCommandDeps {
  readonly openDatabase: (options: { migrate: boolean; create: boolean }) => Promise<Database>;
  /** BUSINESS_CONFIG. */
  readonly file: string | undefined;
  readonly clock: () => Date;
  /** Where output goes (default process.stdout). */
  readonly write?: (text: string) => void;
}

/** The catalog in use: the database's newest revision (migration 0023), else the BUSINESS_CONFIG file before the first start. */
export async function storedCatalog(db: Queryable, file: string | undefined): Promise<Catalog> {
  const head = await headRevision(db);
  return head ? parseCatalog(head.document, `(revision ${head.id} in the database)`) : loadCatalog(file);
}

/**
 * `flowbook catalog export [--output F]` writes the catalog in use as YAML (what the console edited);
 * `flowbook catalog import <file>` makes a file the catalog, as a revision every running process takes
 * within its poll. Both read DATABASE_URL, else the embedded database in DATA_DIR.
 */
export function registerCatalogCommands(program: Command, deps: CatalogCommandDeps): void {
  const write = deps.write ?? ((text: string) => void process.stdout.write(text));
  const catalog = program.command('catalog').description('The business catalog kept in the database');
  const withDb = async <T>(run: (db: Database) => Promise<T>): Promise<T> => {
    const db = await deps.openDatabase({ migrate: true, create: false });
    try {
      return await run(db);
    } finally {
      await db.close();
    }
  };
  catalog
    .command('export')
    .description('Write the catalog in use as YAML (BUSINESS_CONFIG can read it)')
    .option('--output <file>', 'write to a file instead of standard output')
    .action(async (options: { output?: string }) => {
      const text = await withDb(async (db) => {
        const head = await headRevision(db);
        if (!head)
          throw new UsageError('no catalog in the database yet: run npm start once (it seeds it from BUSINESS_CONFIG)');
        const current = parseCatalog(head.document, `(revision ${head.id} in the database)`);
        return `# flowbook catalog, revision ${head.id}, exported ${deps.clock().toISOString()}\n${stringify(current)}`;
      });
      const output = options.output;
      if (output) onUserFile(output, 'write', () => writeFileSync(output, text));
      else write(text);
    });
  catalog
    .command('import <file>')
    .description('Make a catalog file (JSON or YAML) the catalog in use; running servers take it within seconds')
    .option('--replace', 'also when it undoes changes made in the console since a file was last taken')
    .action(async (file: string, options: { replace?: boolean }) => {
      const next = loadCatalog(file);
      const report = await withDb(async (db) => {
        const head = await headRevision(db);
        const { unchanged, undoes } = await fileImport(db, next);
        const changes = catalogChanges(head?.document, next);
        if (head && changes.length === 0) return { revision: head.id, changes: 0, kept: false };
        // The file last taken, with the console's edits on top: taking it again would only undo them.
        if (head && unchanged && !options.replace) return { revision: head.id, changes: 0, kept: true };
        if (undoes.length > 0 && !options.replace) throw new CatalogError(file, undoProblems(undoes));
        const revision = await addRevision(db, {
          basedOn: head?.id ?? 0,
          document: next,
          author: 'flowbook catalog import',
          source: 'file',
          changes: head ? changes : [],
          now: deps.clock(),
        });
        return { revision, changes: changes.length, kept: false };
      });
      write(
        report.kept
          ? `nothing changed: this is the file last taken, and revision ${report.revision} keeps the edits made since (--replace takes the file again)\n`
          : report.changes === 0
            ? `nothing changed: revision ${report.revision} is already this catalog\n`
            : `revision ${report.revision}: ${report.changes} change${report.changes === 1 ? '' : 's'}\n`,
      );
    });
}
