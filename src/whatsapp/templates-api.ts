import { GraphResponseError } from './errors.ts';
import { graphPath, type GraphClient } from './graph.ts';

/**
 * A template to submit for approval: `POST /{WABA_ID}/message_templates`. Wire names; reminders
 * and confirmations are UTILITY (docs/protocol.md §7). `components` are passed through unchanged.
 */
export interface TemplateDefinition {
  readonly name: string;
  readonly language: string;
  readonly category: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
  readonly components: readonly Readonly<Record<string, unknown>>[];
  readonly parameter_format?: 'positional' | 'named';
}

/** A template as `GET /{WABA_ID}/message_templates` lists it (docs/protocol.md §8). */
export interface TemplateInfo {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly status: string;
  readonly category: string | undefined;
  readonly components: readonly unknown[];
  /** GREEN, YELLOW, RED or UNKNOWN (new templates); Meta lists it as `quality_score.score`. */
  readonly qualityScore: string | undefined;
}

/** What an edit sends (`POST /{TEMPLATE_ID}`): name and language never change (docs/protocol.md §8). */
export interface TemplateEdit {
  readonly components: TemplateDefinition['components'];
  /** Only when it changes; Meta refuses a new category for an APPROVED template. */
  readonly category?: TemplateDefinition['category'];
}

const MAX_PAGES = 50;

/** Lists the WABA's templates, following cursors (at most 50 pages), optionally filtered by name. */
export async function listMessageTemplates(
  client: GraphClient,
  wabaId: string,
  filter: { readonly name?: string; readonly pageSize?: number } = {},
): Promise<TemplateInfo[]> {
  const templates: TemplateInfo[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await client.request<{ data?: unknown; paging?: { cursors?: { after?: unknown }; next?: unknown } }>(
      {
        method: 'GET',
        path: graphPath(wabaId, 'message_templates'),
        query: {
          fields: 'id,name,language,status,category,components,quality_score',
          limit: filter.pageSize ?? 100,
          name: filter.name,
          after,
        },
      },
    );
    if (!Array.isArray(answer?.data)) throw new GraphResponseError('message_templates: no data array');
    for (const raw of answer.data as Record<string, unknown>[]) templates.push(toInfo(raw));
    const cursor = answer.paging?.cursors?.after;
    if (typeof answer.paging?.next !== 'string' || typeof cursor !== 'string') break;
    after = cursor;
  }
  return templates;
}

/** Submits a template for review; Meta answers with its id and first status (often PENDING). */
export async function createMessageTemplate(
  client: GraphClient,
  wabaId: string,
  template: TemplateDefinition,
): Promise<{ id: string; status: string | undefined; category: string | undefined }> {
  const answer = await client.request<{ id?: unknown; status?: unknown; category?: unknown }>({
    method: 'POST',
    path: graphPath(wabaId, 'message_templates'),
    json: template,
  });
  if (typeof answer?.id !== 'string') throw new GraphResponseError('message_templates: no id in the answer');
  return {
    id: answer.id,
    status: typeof answer.status === 'string' ? answer.status : undefined,
    category: typeof answer.category === 'string' ? answer.category : undefined,
  };
}

/**
 * Edits one template language in place: Meta sends it back to review (PENDING). Allowed only for
 * APPROVED, REJECTED and PAUSED templates, and an APPROVED one only once a day, ten times a month.
 */
export async function editMessageTemplate(client: GraphClient, templateId: string, edit: TemplateEdit): Promise<void> {
  const answer = await client.request<{ success?: unknown }>({
    method: 'POST',
    path: graphPath(templateId),
    json: edit,
    // An edit spends one of Meta's few edits: never repeated blindly.
    retry: false,
  });
  if (answer?.success !== true) throw new GraphResponseError(`template ${templateId}: the edit was not confirmed`);
}

/**
 * Deletes a template at Meta: every language of `name`, or with `hsmId` (a template id) only that
 * language. `DELETE /{WABA_ID}/message_templates?name=…[&hsm_id=…]`.
 */
export async function deleteMessageTemplate(
  client: GraphClient,
  wabaId: string,
  target: { readonly name: string; readonly hsmId?: string | undefined },
): Promise<void> {
  const answer = await client.request<{ success?: unknown }>({
    method: 'DELETE',
    path: graphPath(wabaId, 'message_templates'),
    query: { name: target.name, hsm_id: target.hsmId },
  });
  if (answer?.success !== true) throw new GraphResponseError(`message_templates: the deletion was not confirmed`);
}

function toInfo(raw: Record<string, unknown>): TemplateInfo {
  return {
    id: String(raw.id ?? ''),
    name: String(raw.name ?? ''),
    language: String(raw.language ?? ''),
    status: String(raw.status ?? ''),
    category: typeof raw.category === 'string' ? raw.category : undefined,
    components: Array.isArray(raw.components) ? raw.components : [],
    qualityScore: qualityScore(raw.quality_score),
  };
}

function qualityScore(raw: unknown): string | undefined {
  if (typeof raw === 'string') return raw;
  const score = (raw as { score?: unknown } | null | undefined)?.score;
  return typeof score === 'string' ? score : undefined;
}
