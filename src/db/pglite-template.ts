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

/** Keyed by PGlite's version: a new engine never loads an old engine's files. Read when asked, not at import. */
function templateFile(): string {
  const { version } = JSON.parse(readFileSync(path.join(nodeModules, '@electric-sql/pglite/package.json'), 'utf8')) as {
    version: string;
  };
  return path.join(nodeModules, '.cache/flowbook', `pglite-${version}.tar`);
}

/** The template as a Blob for `PGlite.create({ loadDataDir })`, or undefined when none was made. */
export function readTemplate(): Blob | undefined {
  const file = templateFile();
  return existsSync(file) ? new Blob([readFileSync(file)]) : undefined;
}

/** Makes the template unless it exists; written atomically so concurrent installs cannot tear it. */
export async function ensureTemplate(): Promise<string> {
  const file = templateFile();
  if (existsSync(file)) return file;
  const scratch = mkdtempSync(path.join(tmpdir(), 'flowbook-pglite-'));
  try {
    const db = await PGlite.create({ dataDir: path.join(scratch, 'pgdata'), extensions: { btree_gist } });
    const tar = await db.dumpDataDir('none');
    await db.close();
    mkdirSync(path.dirname(file), { recursive: true });
    const partial = `${file}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await tar.arrayBuffer()));
    renameSync(partial, file);
    return file;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
