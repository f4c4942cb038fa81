import { z } from 'zod';

/**
 * The shape of one template file in `templates/` (one YAML file per template). Shape only: the
 * WhatsApp rules (codes, placeholders, limits, buttons) are checked by `lint.ts` so every problem
 * is reported with its file, language, field and rule.
 */
const snakeId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case');

const quickReplyButton = z.strictObject({
  type: z.literal('quick_reply'),
  /** Stable across languages; the default quick-reply payload (docs/protocol.md §7 button component). */
  id: snakeId,
  text: z.string().min(1),
});

const urlButton = z.strictObject({
  type: z.literal('url'),
  id: snakeId,
  text: z.string().min(1),
  /** May end in `{{1}}`: the suffix is given when sending. */
  url: z.string().min(1),
});

const flowButton = z.strictObject({
  type: z.literal('flow'),
  id: snakeId,
  text: z.string().min(1),
  flow_id: z.string().min(1).optional(),
  flow_name: z.string().min(1).optional(),
  flow_action: z.enum(['navigate', 'data_exchange']).default('navigate'),
  navigate_screen: z.string().min(1).optional(),
});

export const buttonSchema = z.discriminatedUnion('type', [quickReplyButton, urlButton, flowButton]);
export type TemplateButton = z.infer<typeof buttonSchema>;

export const translationSchema = z.strictObject({
  header: z.string().min(1).optional(),
  body: z.string().min(1),
  footer: z.string().min(1).optional(),
  buttons: z.array(buttonSchema).default([]),
});
export type TemplateTranslation = z.infer<typeof translationSchema>;

export const PARAMETER_KINDS = ['text', 'date_time', 'currency'] as const;
export type ParameterKind = (typeof PARAMETER_KINDS)[number];

export const templateFileSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'template names are lower-case letters, digits and "_"'),
  category: z.literal('UTILITY'),
  parameter_format: z.enum(['positional', 'named']),
  /**
   * What each placeholder means, in order: `{{1}}`, `{{2}}`, … for positional templates; for named
   * ones `name` is the placeholder. Senders pass values by these names either way.
   */
  parameters: z.array(z.strictObject({ name: snakeId, kind: z.enum(PARAMETER_KINDS).default('text') })).default([]),
  languages: z
    .record(z.string(), translationSchema)
    .refine((l) => Object.keys(l).length > 0, 'needs at least one language'),
});

export type TemplateFile = z.infer<typeof templateFileSchema>;

/** A validated template as the registry holds it. */
export interface TemplateDefinition {
  readonly name: string;
  readonly category: 'UTILITY';
  readonly parameterFormat: 'positional' | 'named';
  readonly parameters: ReadonlyArray<{ readonly name: string; readonly kind: ParameterKind }>;
  readonly languages: Readonly<Record<string, TemplateTranslation>>;
  /** The file it came from, for messages. */
  readonly file: string;
}

/** One template in one language: what a language pack holds per element (docs/protocol.md §8). */
export interface TemplateElement {
  readonly template: TemplateDefinition;
  readonly language: string;
  readonly translation: TemplateTranslation;
}

/** The templates of one language; the business's packs together are its namespace (docs/protocol.md §8). */
export interface LanguagePack {
  readonly language: string;
  readonly elements: ReadonlyMap<string, TemplateElement>;
}

export interface TemplateRegistry {
  readonly templates: ReadonlyMap<string, TemplateDefinition>;
  readonly packs: ReadonlyMap<string, LanguagePack>;
}
