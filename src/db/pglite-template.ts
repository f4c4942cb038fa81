import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';

/**
 * A freshly initialised PGlite cluster, saved once as a tar. Creating a cluster runs initdb inside
 * WASM (measured 3–9 s here); loading the saved one takes about 1.5 s, which keeps the first
 * `npm start` on an empty DATA_DIR inside its 5 s target. `npm ci` makes it (scripts/postinstall.mjs).
 */
const nodeModules = fileURLToPath(new URL('../../node_modules/', import.meta.url));
const pgliteVersion = (
  JSON.parse(readFileSync(path.join(nodeModules, '@electric-sql/pglite/package.json'), 'utf8')) as { version: string }
).version;

/** Keyed by PGlite's version: a new engine never loads an old engine's files. */
export const TEMPLATE_FILE = path.join(nodeModules, '.cache/flowbook', `pglite-${pgliteVersion}.tar`);

/** The template as a Blob for `PGlite.create({ loadDataDir })`, or undefined when none was made. */
export function readTemplate(): Blob | undefined {
  return existsSync(TEMPLATE_FILE) ? new Blob([readFileSync(TEMPLATE_FILE)]) : undefined;
}

/** Makes the template unless it exists; written atomically so concurrent installs cannot tear it. */
export async function ensureTemplate(): Promise<string> {
  if (existsSync(TEMPLATE_FILE)) return TEMPLATE_FILE;
  const scratch = mkdtempSync(path.join(tmpdir(), 'flowbook-pglite-'));
  try {
    const db = await PGlite.create({ dataDir: path.join(scratch, 'pgdata'), extensions: { btree_gist } });
    const tar = await db.dumpDataDir('none');
    await db.close();
    mkdirSync(path.dirname(TEMPLATE_FILE), { recursive: true });
    const partial = `${TEMPLATE_FILE}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await tar.arrayBuffer()));
    renameSync(partial, TEMPLATE_FILE);
    return TEMPLATE_FILE;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
