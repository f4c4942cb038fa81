/**
 * Erasure in the webhook's own tables: raw delivery bodies, stored events and dead letters. A delivery
 * keeps everything about other customers; the erased customer's contacts, messages and statuses are cut
 * out of it, and any string left that names them is replaced.
 */
import type { Queryable } from '../db/types.ts';

/** Who to erase: the ids that find them (phone number, BSUIDs, username) and the names they went by. */
export interface ErasedPerson {
  readonly ids: readonly string[];
  readonly names: readonly string[];
}

const ERASED = '[erased]';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** True when the object names one of `ids` in one of `fields`. */
const names = (o: unknown, fields: readonly string[], ids: ReadonlySet<string>) =>
  isObj(o) && fields.some((f) => typeof o[f] === 'string' && ids.has(o[f] as string));

/** Removes the person's contacts, messages and statuses from every `messages` change (docs/protocol.md §6, §11.1). */
function cutOut(body: unknown, ids: ReadonlySet<string>): void {
  const entries = isObj(body) && Array.isArray(body.entry) ? body.entry : [];
  for (const entry of entries) {
    const changes = isObj(entry) && Array.isArray(entry.changes) ? entry.changes : [];
    for (const change of changes) {
      const value = isObj(change) ? change.value : undefined;
      if (!isObj(value)) continue;
      const drop = (key: string, fields: readonly string[]) => {
        if (Array.isArray(value[key])) value[key] = (value[key] as unknown[]).filter((x) => !names(x, fields, ids));
      };
      drop('contacts', ['wa_id', 'user_id', 'parent_user_id']);
      drop('messages', ['from', 'from_user_id', 'from_parent_user_id']);
      drop('statuses', ['recipient_id', 'recipient_user_id', 'recipient_parent_user_id']);
    }
  }
}

/** Replaces every string (key or value) that contains one of `secrets`; iterative, whatever the depth. */
function replaceMentions(root: unknown, secrets: readonly string[]): unknown {
  const mentions = (s: string) => secrets.some((secret) => s.includes(secret));
  const fix = (v: unknown) => (typeof v === 'string' && mentions(v) ? ERASED : v);
  const holder = { root: fix(root) };
  const stack: unknown[] = [holder.root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        node[i] = fix(v);
        stack.push(node[i]);
      });
      continue;
    }
    const o = node as Obj;
    for (const key of Object.keys(o)) {
      const v = fix(o[key]);
      delete o[key];
      o[mentions(key) ? ERASED : key] = v;
      stack.push(v);
    }
  }
  return holder.root;
}

/** The same text with every secret replaced, as raw text (a body that is not JSON, or too deep to write back). */
function replaceInText(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, secret) => t.split(secret).join(ERASED), text);
}

/** Meta escapes non-ASCII as `\uXXXX` in the bytes it signs (docs/protocol.md §6): how a name appears in a raw body. */
function escapedForm(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function redactBody(raw: string, person: ErasedPerson, secrets: readonly string[]): string {
  try {
    const body = JSON.parse(raw) as unknown;
    cutOut(body, new Set(person.ids));
    return JSON.stringify(replaceMentions(body, secrets));
  } catch {
    return replaceInText(raw, [...secrets, ...secrets.map(escapedForm)]);
  }
}

/** Escapes `%`, `_` and `\` for LIKE. */
const likeAny = (secrets: readonly string[]) => secrets.map((s) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);

/**
 * Erases the person from `webhook_deliveries`, `webhook_events` and `dead_letters` in the caller's
 * transaction. Returns how many rows of each were changed.
 */
export async function eraseFromWebhook(
  tx: Queryable,
  person: ErasedPerson,
): Promise<{ deliveries: number; events: number; deadLetters: number }> {
  const secrets = [...new Set([...person.ids, ...person.names])].filter((s) => s.length > 0);
  if (secrets.length === 0) return { deliveries: 0, events: 0, deadLetters: 0 };
  // Ids are ASCII and appear as they are in the raw bytes; a name may be \u-escaped there.
  const needles = [...new Set([...secrets, ...secrets.map(escapedForm)])];
  const { rows } = await tx.query<{ id: string; body: string }>(
    `SELECT id, encode(body, 'hex') AS body FROM webhook_deliveries
     WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS n WHERE position(convert_to(n, 'UTF8') in body) > 0)
     FOR UPDATE`,
    [needles],
  );
  for (const row of rows) {
    const redacted = redactBody(Buffer.from(row.body, 'hex').toString('utf8'), person, secrets);
    await tx.query(`UPDATE webhook_deliveries SET body = decode($2, 'hex') WHERE id = $1`, [
      row.id,
      Buffer.from(redacted, 'utf8').toString('hex'),
    ]);
  }
  const events = await tx.query<{ id: string; value: unknown }>(
    'SELECT id, value FROM webhook_events WHERE value::text LIKE ANY ($1::text[]) FOR UPDATE',
    [likeAny(secrets)],
  );
  for (const event of events.rows) {
    await tx.query('UPDATE webhook_events SET value = $2 WHERE id = $1', [
      event.id,
      JSON.stringify(replaceMentions(event.value, secrets)),
    ]);
  }
  const dead = await tx.query('DELETE FROM dead_letters WHERE item LIKE ANY ($1::text[])', [likeAny(needles)]);
  return { deliveries: rows.length, events: events.rows.length, deadLetters: dead.rowCount };
}
