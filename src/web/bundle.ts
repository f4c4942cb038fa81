import { fileURLToPath } from 'node:url';

/** The bundled front end: built in memory by esbuild at start-up, nothing fetched at run time. */
export interface WebBundle {
  readonly js: string;
  readonly css: string;
}

const ENTRY = fileURLToPath(new URL('./main.tsx', import.meta.url));

/** Bundles src/web (Preact + TypeScript) into one script and one stylesheet. */
export async function buildWebBundle(): Promise<WebBundle> {
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
  });
  const text = (ext: string) => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: text('.js'), css: text('.css') };
}
