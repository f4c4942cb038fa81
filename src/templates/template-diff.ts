import type { TemplateEdit, TemplateInfo, TemplateDefinition as MetaTemplate } from '../whatsapp/templates-api.ts';

/** One field that differs: its path (`body.text`, `buttons[1].text`, `category`) and both values. */
export interface FieldDiff {
  readonly path: string;
  /** What Meta lists; undefined when Meta has no such field or component. */
  readonly meta: unknown;
  /** What the YAML would submit; undefined when the YAML has none. */
  readonly yaml: unknown;
}

/** How one template language compares between the YAML and Meta's list. */
export type TemplateComparison =
  | { readonly kind: 'in-sync'; readonly key: string; readonly local: MetaTemplate; readonly remote: TemplateInfo }
  | {
      readonly kind: 'differs';
      readonly key: string;
      readonly local: MetaTemplate;
      readonly remote: TemplateInfo;
      readonly diff: readonly FieldDiff[];
    }
  | { readonly kind: 'missing-at-meta'; readonly key: string; readonly local: MetaTemplate }
  | { readonly kind: 'missing-in-yaml'; readonly key: string; readonly remote: TemplateInfo };

/** What `templates push` does with one template language (docs/protocol.md §8). */
export type PushStep =
  | { readonly kind: 'create'; readonly key: string; readonly local: MetaTemplate }
  | { readonly kind: 'unchanged'; readonly key: string; readonly remote: TemplateInfo }
  | {
      readonly kind: 'update';
      readonly key: string;
      readonly remote: TemplateInfo;
      readonly diff: readonly FieldDiff[];
      readonly edit: TemplateEdit;
    }
  | {
      readonly kind: 'not-editable';
      readonly key: string;
      readonly remote: TemplateInfo;
      readonly diff: readonly FieldDiff[];
      readonly reason: string | undefined;
    };

/** Meta edits only these states (docs/protocol.md §8); PENDING, DISABLED, ARCHIVED, … must wait or be recreated. */
export const EDITABLE_STATES: ReadonlySet<string> = new Set(['APPROVED', 'REJECTED', 'PAUSED']);

const ORDER = ['HEADER', 'BODY', 'FOOTER', 'BUTTONS'];

export const templateKey = (t: { readonly name: string; readonly language: string }) => `${t.name}/${t.language}`;

/**
 * The fields where Meta's copy differs from what the YAML would submit. Only the fields the YAML sets
 * are compared (Meta may add its own to a listed component), but a component, button or array element
 * present on one side only is always a difference.
 */
export function diffTemplate(local: MetaTemplate, remote: TemplateInfo): FieldDiff[] {
  const diff: FieldDiff[] = [];
  if (local.category !== remote.category) diff.push({ path: 'category', meta: remote.category, yaml: local.category });
  const mine = byType(local.components);
  const theirs = byType(remote.components);
  const types = [...new Set([...ORDER, ...mine.keys(), ...theirs.keys()])];
  for (const type of types) {
    const yaml = mine.get(type);
    const meta = theirs.get(type);
    const path = type.toLowerCase();
    if (yaml === undefined && meta === undefined) continue;
    if (yaml === undefined || meta === undefined) diff.push({ path, meta, yaml });
    else if (type === 'BUTTONS') compareArrays('buttons', yaml.buttons, meta.buttons, diff);
    else compareObjects(path, yaml, meta, diff, ['type']);
  }
  return diff;
}

/** Pairs every YAML template language with Meta's copy (by name and language), and lists Meta's extras. */
export function compareTemplates(
  locals: readonly MetaTemplate[],
  remotes: readonly TemplateInfo[],
): TemplateComparison[] {
  const byKey = new Map(remotes.map((r) => [templateKey(r), r]));
  const seen = new Set<string>();
  const result: TemplateComparison[] = locals.map((local) => {
    const key = templateKey(local);
    seen.add(key);
    const remote = byKey.get(key);
    if (!remote) return { kind: 'missing-at-meta', key, local };
    const diff = diffTemplate(local, remote);
    return diff.length === 0 ? { kind: 'in-sync', key, local, remote } : { kind: 'differs', key, local, remote, diff };
  });
  for (const remote of remotes) {
    if (!seen.has(templateKey(remote))) result.push({ kind: 'missing-in-yaml', key: templateKey(remote), remote });
  }
  return result;
}

/**
 * Decides per template language: create what Meta lacks, edit what differs when Meta's state allows
 * it, leave the rest. An APPROVED template keeps its category at Meta, so its edit sends components only.
 */
export function planPush(locals: readonly MetaTemplate[], remotes: readonly TemplateInfo[]): PushStep[] {
  const steps: PushStep[] = [];
  for (const c of compareTemplates(locals, remotes)) {
    if (c.kind === 'missing-in-yaml') continue;
    if (c.kind === 'missing-at-meta') steps.push({ kind: 'create', key: c.key, local: c.local });
    else if (c.kind === 'in-sync') steps.push({ kind: 'unchanged', key: c.key, remote: c.remote });
    else steps.push(editStep(c.key, c.local, c.remote, c.diff));
  }
  return steps;
}

function editStep(key: string, local: MetaTemplate, remote: TemplateInfo, diff: readonly FieldDiff[]): PushStep {
  const state = remote.status;
  if (!EDITABLE_STATES.has(state)) return { kind: 'not-editable', key, remote, diff, reason: undefined };
  const categoryChanges = diff.some((d) => d.path === 'category');
  if (state === 'APPROVED' && categoryChanges && diff.length === 1) {
    return { kind: 'not-editable', key, remote, diff, reason: "Meta keeps an approved template's category" };
  }
  const edit: TemplateEdit =
    categoryChanges && state !== 'APPROVED'
      ? { components: local.components, category: local.category }
      : { components: local.components };
  return { kind: 'update', key, remote, diff, edit };
}

/**
 * `body.text: Meta "…make it." → YAML "…Can you?"`: two texts are shown from a little before where they
 * part, other values whole; each cut to a readable length.
 */
export function formatDiff(d: FieldDiff): string {
  let from = 0;
  if (typeof d.meta === 'string' && typeof d.yaml === 'string') {
    while (from < d.meta.length && d.meta[from] === d.yaml[from]) from++;
    from = Math.max(0, from - 12);
  }
  return `${d.path}: Meta ${show(d.meta, from)} → YAML ${show(d.yaml, from)}`;
}

function show(value: unknown, from: number): string {
  if (value === undefined) return '(none)';
  if (typeof value !== 'string') {
    const text = JSON.stringify(value);
    return text.length > 50 ? `${text.slice(0, 49)}…` : text;
  }
  const text = JSON.stringify(value.slice(from));
  const cut = text.length > 50 ? `${text.slice(0, 49)}…"` : text;
  return from > 0 ? `"…${cut.slice(1)}` : cut;
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function byType(components: readonly unknown[]): Map<string, Obj> {
  const map = new Map<string, Obj>();
  for (const c of components) if (isObject(c) && typeof c.type === 'string') map.set(c.type.toUpperCase(), c);
  return map;
}

function compareValues(path: string, yaml: unknown, meta: unknown, diff: FieldDiff[]): void {
  if (isObject(yaml) && isObject(meta)) compareObjects(path, yaml, meta, diff);
  else if (Array.isArray(yaml) && Array.isArray(meta)) compareArrays(path, yaml, meta, diff);
  else if (yaml !== meta) diff.push({ path, meta, yaml });
}

function compareObjects(path: string, yaml: Obj, meta: Obj, diff: FieldDiff[], skip: readonly string[] = []): void {
  for (const [key, value] of Object.entries(yaml)) {
    if (!skip.includes(key)) compareValues(`${path}.${key}`, value, meta[key], diff);
  }
}

function compareArrays(path: string, yaml: unknown, meta: unknown, diff: FieldDiff[]): void {
  const mine = Array.isArray(yaml) ? yaml : [];
  const theirs = Array.isArray(meta) ? meta : [];
  for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
    if (i >= mine.length || i >= theirs.length) diff.push({ path: `${path}[${i}]`, meta: theirs[i], yaml: mine[i] });
    else compareValues(`${path}[${i}]`, mine[i], theirs[i], diff);
  }
}
