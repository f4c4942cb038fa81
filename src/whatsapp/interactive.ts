import { MessageLimitError } from './errors.ts';
import {
  MESSAGE_LIMITS,
  optionalText,
  requireCount,
  requireId,
  requireNoEmoji,
  requireText,
  requireUnique,
} from './limits.ts';
import type {
  ButtonInteractive,
  FlowActionParameters,
  FlowInteractive,
  FlowTarget,
  InteractiveMessage,
  ListInteractive,
  ListSection,
  ReplyButton,
  TextHeader,
} from './message-types.ts';
import { messageBase, type CommonOptions } from './envelope.ts';

/** Header, body and footer of any interactive message. */
export interface FrameOptions extends CommonOptions {
  readonly header?: string;
  readonly body: string;
  readonly footer?: string;
}

/**
 * A Flow message (docs/protocol.md §7). Exactly one of `flowId` / `flowName`; `screen` and `data` only with
 * `flowAction: 'navigate'`.
 */
export type FlowMessageOptions = FrameOptions & {
  readonly flowToken: string;
  readonly cta: string;
  readonly mode?: 'draft' | 'published';
} & ({ readonly flowId: string; readonly flowName?: never } | { readonly flowName: string; readonly flowId?: never }) &
  (
    | { readonly flowAction: 'navigate'; readonly screen: string; readonly data?: Readonly<Record<string, unknown>> }
    | { readonly flowAction: 'data_exchange'; readonly screen?: never; readonly data?: never }
  );

export interface ListMessageOptions extends FrameOptions {
  /** Label of the button that opens the list (≤ 20). */
  readonly button: string;
  readonly sections: readonly [ListSection, ...ListSection[]];
}

export interface ButtonsMessageOptions extends FrameOptions {
  readonly buttons:
    | readonly [ReplyButton]
    | readonly [ReplyButton, ReplyButton]
    | readonly [ReplyButton, ReplyButton, ReplyButton];
}

function frame(options: FrameOptions) {
  const header = optionalText('interactive.header.text', options.header, MESSAGE_LIMITS.header);
  const footer = optionalText('interactive.footer.text', options.footer, MESSAGE_LIMITS.footer);
  const body = requireText('interactive.body.text', options.body, MESSAGE_LIMITS.interactiveBody);
  return {
    ...(header === undefined ? {} : { header: { type: 'text', text: header } satisfies TextHeader }),
    body: { text: body },
    ...(footer === undefined ? {} : { footer: { text: footer } }),
  };
}

function flowTarget(options: FlowMessageOptions): FlowTarget {
  const { flowId, flowName } = options as { flowId?: unknown; flowName?: unknown };
  if ((flowId === undefined) === (flowName === undefined)) {
    throw new MessageLimitError('flow_id|flow_name', 'exactly one of flowId and flowName is required');
  }
  return flowId !== undefined
    ? { flow_id: requireId('flow_id', flowId) }
    : { flow_name: requireId('flow_name', flowName) };
}

function flowAction(options: FlowMessageOptions): FlowActionParameters {
  if (options.flowAction === 'data_exchange') {
    const loose = options as { screen?: unknown; data?: unknown };
    if (loose.screen !== undefined || loose.data !== undefined) {
      throw new MessageLimitError('flow_action_payload', 'only allowed with flow_action navigate');
    }
    return { flow_action: 'data_exchange' };
  }
  if (options.flowAction !== 'navigate') {
    throw new MessageLimitError('flow_action', "must be 'navigate' or 'data_exchange'");
  }
  const screen = requireId('flow_action_payload.screen', options.screen, 200);
  if (options.data === undefined) return { flow_action: 'navigate', flow_action_payload: { screen } };
  // Meta: when present, data must be a non-empty object.
  if (options.data === null || typeof options.data !== 'object' || Object.keys(options.data).length === 0) {
    throw new MessageLimitError('flow_action_payload.data', 'must be a non-empty object when present');
  }
  return { flow_action: 'navigate', flow_action_payload: { screen, data: options.data } };
}

/**
 * Builds an interactive Flow message (docs/protocol.md §7): `flow_message_version` "3", a CTA of at most 30
 * characters without emoji, and the business's flow token (docs/protocol.md §2.5).
 * Throws {@link MessageLimitError} on any violated limit.
 */
export function flowMessage(to: string, options: FlowMessageOptions): InteractiveMessage<FlowInteractive> {
  const cta = requireText('flow_cta', options.cta, MESSAGE_LIMITS.flowCta);
  requireNoEmoji('flow_cta', cta);
  if (options.mode !== undefined && options.mode !== 'draft' && options.mode !== 'published') {
    throw new MessageLimitError('mode', "must be 'draft' or 'published'");
  }
  const parameters = {
    flow_message_version: '3',
    flow_token: requireId('flow_token', options.flowToken),
    ...flowTarget(options),
    flow_cta: cta,
    ...flowAction(options),
    ...(options.mode === undefined ? {} : { mode: options.mode }),
  } as FlowInteractive['action']['parameters'];
  return {
    ...messageBase(to, options),
    type: 'interactive',
    interactive: { type: 'flow', ...frame(options), action: { name: 'flow', parameters } },
  };
}

/**
 * Builds an interactive list: 1–10 sections holding 1–10 rows in total, titled sections when there
 * are several, unique row ids. Throws {@link MessageLimitError} on any violated limit.
 */
export function listMessage(to: string, options: ListMessageOptions): InteractiveMessage<ListInteractive> {
  const button = requireText('action.button', options.button, MESSAGE_LIMITS.listButton);
  requireCount('action.sections', options.sections, 1, MESSAGE_LIMITS.listSections);
  const sections = options.sections.map((section, s) => {
    const title =
      options.sections.length > 1 || section.title !== undefined
        ? requireText(`action.sections[${s}].title`, section.title, MESSAGE_LIMITS.sectionTitle)
        : undefined;
    requireCount(`action.sections[${s}].rows`, section.rows, 1, MESSAGE_LIMITS.listRows);
    const rows = section.rows.map((row, r) => {
      const at = `action.sections[${s}].rows[${r}]`;
      const description = optionalText(`${at}.description`, row.description, MESSAGE_LIMITS.rowDescription);
      return {
        id: requireText(`${at}.id`, row.id, MESSAGE_LIMITS.rowId),
        title: requireText(`${at}.title`, row.title, MESSAGE_LIMITS.rowTitle),
        ...(description === undefined ? {} : { description }),
      };
    });
    return { ...(title === undefined ? {} : { title }), rows };
  });
  const allRows = sections.flatMap((section) => section.rows);
  requireCount('action.sections[*].rows', allRows, 1, MESSAGE_LIMITS.listRows);
  requireUnique(
    'action.sections[*].rows[*].id',
    allRows.map((row) => row.id),
  );
  return {
    ...messageBase(to, options),
    type: 'interactive',
    interactive: { type: 'list', ...frame(options), action: { button, sections } },
  };
}

/**
 * Builds an interactive message with 1–3 reply buttons (title ≤ 20, id ≤ 256, both unique).
 * Throws {@link MessageLimitError} on any violated limit.
 */
export function buttonsMessage(to: string, options: ButtonsMessageOptions): InteractiveMessage<ButtonInteractive> {
  requireCount('action.buttons', options.buttons, 1, MESSAGE_LIMITS.replyButtons);
  const buttons = options.buttons.map((button, i) => ({
    type: 'reply' as const,
    reply: {
      id: requireText(`action.buttons[${i}].reply.id`, button.id, MESSAGE_LIMITS.buttonId),
      title: requireText(`action.buttons[${i}].reply.title`, button.title, MESSAGE_LIMITS.buttonTitle),
    },
  }));
  requireUnique(
    'action.buttons[*].reply.id',
    buttons.map((b) => b.reply.id),
  );
  requireUnique(
    'action.buttons[*].reply.title',
    buttons.map((b) => b.reply.title),
  );
  return {
    ...messageBase(to, options),
    type: 'interactive',
    interactive: { type: 'button', ...frame(options), action: { buttons } },
  };
}
