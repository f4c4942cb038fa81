import { MetaError, metaErrors } from './meta-errors.ts';

/** A template language's state as Meta lists it (docs/protocol.md §11.5). */
export type TemplateState =
  | 'PENDING'
  | 'APPROVED'
  | 'REJECTED'
  | 'PAUSED'
  | 'DISABLED'
  | 'IN_APPEAL'
  | 'ARCHIVED'
  | 'LIMIT_EXCEEDED';

/** The `event` of a `message_template_status_update` the emulator can be told to report. */
export const TEMPLATE_EVENTS = [
  'APPROVED',
  'REJECTED',
  'PENDING',
  'FLAGGED',
  'PAUSED',
  'DISABLED',
  'REINSTATED',
  'ARCHIVED',
  'UNARCHIVED',
  'IN_APPEAL',
  'LIMIT_EXCEEDED',
] as const;
export type TemplateEvent = (typeof TEMPLATE_EVENTS)[number];

export type QualityScore = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';

export interface EmulatedTemplate {
  readonly id: string;
  readonly name: string;
  readonly language: string;
  category: string;
  status: TemplateState;
  components: unknown;
  readonly parameterFormat: string;
  qualityScore: QualityScore;
  /** Meta's `reason` of the last status change: NONE unless rejected or paused. */
  reason: string;
  /** The state to return to on UNARCHIVED. */
  beforeArchive: TemplateState | undefined;
  /** When it was edited while APPROVED, ms: Meta allows one such edit a day and ten in 30 days. */
  readonly approvedEdits: number[];
}

/** The webhook fields Meta reports template changes in, with their `value` (docs/protocol.md §11.5). */
export type TemplateWebhook = (
  field: 'message_template_status_update' | 'template_category_update' | 'message_template_quality_update',
  value: Record<string, unknown>,
) => void;

export interface TemplateEmulatorOptions {
  readonly reviewMs: number;
  readonly clock: () => number;
  readonly newId: () => string;
  readonly onWebhook: TemplateWebhook;
  /** Meta's review verdict; default: approve. */
  readonly review?: (t: EmulatedTemplate) => { status: 'APPROVED' } | { status: 'REJECTED'; reason: string };
}

const EDITABLE: ReadonlySet<TemplateState> = new Set(['APPROVED', 'REJECTED', 'PAUSED']);
const DAY_MS = 86_400_000;

/**
 * Meta's message templates (docs/protocol.md §8, §11.5): created PENDING and reviewed after `reviewMs`;
 * edited by id (only APPROVED, REJECTED or PAUSED ones, an APPROVED one at most once a day and ten
 * times in 30 days, and back to review); deleted by name or by name and `hsm_id`. Every change of
 * state is announced as Meta announces it.
 */
export function createTemplateEmulator(options: TemplateEmulatorOptions) {
  const templates: EmulatedTemplate[] = [];
  const review = options.review ?? (() => ({ status: 'APPROVED' as const }));

  function announce(t: EmulatedTemplate, event: string) {
    options.onWebhook('message_template_status_update', {
      event,
      message_template_id: t.id,
      message_template_name: t.name,
      message_template_language: t.language,
      reason: t.reason,
      message_template_category: t.category,
      ...(event === 'DISABLED' ? { disable_info: { disable_date: Math.floor(options.clock() / 1000) } } : {}),
    });
  }

  function scheduleReview(t: EmulatedTemplate) {
    const timer = setTimeout(() => {
      if (!templates.includes(t) || t.status !== 'PENDING') return;
      const verdict = review(t);
      t.status = verdict.status;
      t.reason = verdict.status === 'REJECTED' ? verdict.reason : 'NONE';
      announce(t, t.status);
    }, options.reviewMs);
    timer.unref();
  }

  /** By id, or by `name/language`. */
  function find(ref: string): EmulatedTemplate | undefined {
    return templates.find((t) => t.id === ref || `${t.name}/${t.language}` === ref);
  }

  function template(ref: string): EmulatedTemplate {
    const t = find(ref);
    if (!t) throw metaErrors.notFound(`message template ${ref}`);
    return t;
  }

  return {
    templates,
    /** True when `id` names a template (`POST /{id}` edits it rather than a Flow). */
    isTemplate: (id: string) => templates.some((t) => t.id === id),
    template,
    createTemplate(body: Record<string, unknown>) {
      if (typeof body.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(body.name))
        throw metaErrors.invalidParameter('name must be lower case letters, digits and _');
      if (typeof body.language !== 'string') throw metaErrors.invalidParameter('language is required');
      if (find(`${body.name}/${body.language}`))
        throw metaErrors.invalidParameter(`Content in this language already exists (${body.name}/${body.language})`);
      const t: EmulatedTemplate = {
        id: options.newId(),
        name: body.name,
        language: body.language,
        category: typeof body.category === 'string' ? body.category : 'UTILITY',
        status: 'PENDING',
        components: body.components ?? [],
        parameterFormat: String(body.parameter_format ?? 'positional').toUpperCase(),
        qualityScore: 'UNKNOWN',
        reason: 'NONE',
        beforeArchive: undefined,
        approvedEdits: [],
      };
      templates.push(t);
      scheduleReview(t);
      return { id: t.id, status: t.status, category: t.category };
    },
    editTemplate(id: string, body: Record<string, unknown>) {
      const t = template(id);
      if (!EDITABLE.has(t.status))
        throw metaErrors.invalidParameter(`a ${t.status} template cannot be edited (only APPROVED, REJECTED, PAUSED)`);
      if (body.components === undefined && body.category === undefined)
        throw metaErrors.invalidParameter('components or category is required');
      if (body.components !== undefined && !Array.isArray(body.components))
        throw metaErrors.invalidParameter('components must be an array');
      const category = typeof body.category === 'string' ? body.category : undefined;
      const now = options.clock();
      if (t.status === 'APPROVED') {
        if (category !== undefined && category !== t.category)
          throw metaErrors.invalidParameter("an approved template's category cannot be changed");
        const recent = t.approvedEdits.filter((at) => now - at < 30 * DAY_MS);
        if (recent.some((at) => now - at < DAY_MS) || recent.length >= 10)
          throw new MetaError(400, 100, '(#100) Invalid parameter', 'edit limit reached: 1 a day, 10 in 30 days');
        t.approvedEdits.push(now);
      }
      if (body.components !== undefined) t.components = body.components;
      if (category !== undefined) t.category = category;
      t.status = 'PENDING';
      t.reason = 'NONE';
      announce(t, 'PENDING');
      scheduleReview(t);
      return { success: true };
    },
    deleteTemplates(name: string | undefined, hsmId: string | undefined) {
      if (!name) throw metaErrors.invalidParameter('name is required');
      const doomed = templates.filter((t) => t.name === name && (hsmId === undefined || t.id === hsmId));
      if (doomed.length === 0) throw metaErrors.invalidParameter(`Message template not found: ${name}`);
      for (const t of doomed) {
        templates.splice(templates.indexOf(t), 1);
        announce(t, 'PENDING_DELETION');
      }
      return { success: true };
    },
    listTemplates(query: { name?: string | undefined; fields?: string | undefined }) {
      const fields = query.fields?.split(',').map((f) => f.trim());
      const data = templates
        .filter((t) => !query.name || t.name === query.name)
        .map((t) => {
          const wire: Record<string, unknown> = {
            id: t.id,
            name: t.name,
            language: t.language,
            status: t.status,
            category: t.category,
            components: t.components,
            parameter_format: t.parameterFormat,
            quality_score: { score: t.qualityScore, date: Math.floor(options.clock() / 1000) },
          };
          return fields
            ? Object.fromEntries(Object.entries(wire).filter(([k]) => k === 'id' || fields.includes(k)))
            : wire;
        });
      return { data, paging: { cursors: { before: 'MA', after: 'MA' } } };
    },
    /**
     * Reports a status event as Meta would and moves the state with it: FLAGGED warns but leaves the
     * template APPROVED, REINSTATED makes it APPROVED again, UNARCHIVED restores the state before ARCHIVED.
     */
    setTemplateState(ref: string, event: TemplateEvent, reason = 'NONE') {
      const t = template(ref);
      const refuse = (why: string) => {
        throw new Error(`${event} for ${t.name}/${t.language} (${t.status}): ${why}`);
      };
      switch (event) {
        case 'FLAGGED':
          if (t.status !== 'APPROVED') refuse('only an approved template is flagged');
          break;
        case 'REINSTATED':
          if (!['PAUSED', 'DISABLED', 'IN_APPEAL'].includes(t.status)) refuse('nothing to reinstate');
          t.status = 'APPROVED';
          break;
        case 'ARCHIVED':
          t.beforeArchive = t.status;
          t.status = 'ARCHIVED';
          break;
        case 'UNARCHIVED':
          if (t.status !== 'ARCHIVED') refuse('it is not archived');
          t.status = t.beforeArchive ?? 'APPROVED';
          t.beforeArchive = undefined;
          break;
        default:
          t.status = event;
      }
      t.reason = reason;
      announce(t, event);
      return t;
    },
    /** Meta re-categorised the template (`template_category_update`, a completed change). */
    setTemplateCategory(ref: string, category: string) {
      const t = template(ref);
      const previous = t.category;
      t.category = category;
      options.onWebhook('template_category_update', {
        message_template_id: t.id,
        message_template_name: t.name,
        message_template_language: t.language,
        previous_category: previous,
        new_category: category,
      });
      return t;
    },
    /** The template's quality rating changed (`message_template_quality_update`). */
    setTemplateQuality(ref: string, score: QualityScore) {
      const t = template(ref);
      const previous = t.qualityScore;
      t.qualityScore = score;
      options.onWebhook('message_template_quality_update', {
        previous_quality_score: previous,
        new_quality_score: score,
        message_template_id: t.id,
        message_template_name: t.name,
        message_template_language: t.language,
      });
      return t;
    },
  };
}

export type TemplateEmulator = ReturnType<typeof createTemplateEmulator>;
