/**
 * Wire shapes of the bodies flowbook posts to `POST /{PHONE_NUMBER_ID}/messages` (docs/protocol.md §7).
 * Names follow the wire. Unions make invalid combinations fail to compile: a Flow message names
 * exactly one of `flow_id` / `flow_name`, and only `navigate` carries a `flow_action_payload`.
 */

/**
 * Who the message goes to (docs/protocol.md §11.1): a phone number in `to`, a BSUID in `recipient`, or
 * both, in which case Meta delivers to the phone number. A message without either does not compile.
 */
export type MessageAddress =
  | { readonly to: string; readonly recipient?: string }
  | { readonly recipient: string; readonly to?: never };

/** Fields every outgoing message carries. `context` makes it a reply to an earlier message. */
export type MessageBase = {
  readonly messaging_product: 'whatsapp';
  readonly recipient_type: 'individual';
  readonly context?: { readonly message_id: string };
} & MessageAddress;

export type TextMessage = MessageBase & {
  readonly type: 'text';
  readonly text: { readonly body: string; readonly preview_url?: boolean };
};

export interface TextHeader {
  readonly type: 'text';
  readonly text: string;
}

interface InteractiveFrame {
  readonly header?: TextHeader;
  readonly body: { readonly text: string };
  readonly footer?: { readonly text: string };
}

/** Which Flow to open: by id or by name, never both. */
export type FlowTarget =
  | { readonly flow_id: string; readonly flow_name?: never }
  | { readonly flow_name: string; readonly flow_id?: never };

/** `navigate` opens a given screen (optionally with data); `data_exchange` asks the endpoint (INIT). */
export type FlowActionParameters =
  | {
      readonly flow_action: 'navigate';
      readonly flow_action_payload?: { readonly screen: string; readonly data?: Readonly<Record<string, unknown>> };
    }
  | { readonly flow_action: 'data_exchange'; readonly flow_action_payload?: never };

export type FlowParameters = {
  readonly flow_message_version: '3';
  readonly flow_token: string;
  readonly flow_cta: string;
  readonly mode?: 'draft' | 'published';
} & FlowTarget &
  FlowActionParameters;

export interface FlowInteractive extends InteractiveFrame {
  readonly type: 'flow';
  readonly action: { readonly name: 'flow'; readonly parameters: FlowParameters };
}

export interface ListRow {
  readonly id: string;
  readonly title: string;
  readonly description?: string;
}

export interface ListSection {
  readonly title?: string;
  readonly rows: readonly ListRow[];
}

export interface ListInteractive extends InteractiveFrame {
  readonly type: 'list';
  readonly action: { readonly button: string; readonly sections: readonly ListSection[] };
}

export interface ReplyButton {
  readonly id: string;
  readonly title: string;
}

export interface ButtonInteractive extends InteractiveFrame {
  readonly type: 'button';
  readonly action: {
    readonly buttons: readonly { readonly type: 'reply'; readonly reply: ReplyButton }[];
  };
}

export type Interactive = FlowInteractive | ListInteractive | ButtonInteractive;

export type InteractiveMessage<I extends Interactive = Interactive> = MessageBase & {
  readonly type: 'interactive';
  readonly interactive: I;
};

/** A localizable template parameter (docs/protocol.md §7, §8); `fallback_value` is always required. */
export type TemplateParameter =
  | { readonly type: 'text'; readonly text: string; readonly parameter_name?: string }
  | {
      readonly type: 'currency';
      readonly currency: { readonly fallback_value: string; readonly code: string; readonly amount_1000: number };
      readonly parameter_name?: string;
    }
  | {
      readonly type: 'date_time';
      readonly date_time: { readonly fallback_value: string } & Readonly<Record<string, unknown>>;
      readonly parameter_name?: string;
    }
  | { readonly type: 'payload'; readonly payload: string }
  | {
      readonly type: 'action';
      readonly action: { readonly flow_token?: string; readonly flow_action_data?: Readonly<Record<string, unknown>> };
    };

export type TemplateComponent =
  | { readonly type: 'header' | 'body'; readonly parameters: readonly TemplateParameter[] }
  | {
      readonly type: 'button';
      readonly sub_type: 'quick_reply' | 'url' | 'flow';
      readonly index: string;
      readonly parameters: readonly TemplateParameter[];
    };

/** An already-rendered template reference: the deterministic language policy is the only one (docs/protocol.md §8). */
export interface Template {
  readonly name: string;
  readonly language: { readonly policy: 'deterministic'; readonly code: string };
  readonly components?: readonly TemplateComponent[];
}

export type TemplateMessage = MessageBase & {
  readonly type: 'template';
  readonly template: Template;
};

/** Anything `sendMessage` accepts; each answers `{messages: [{id: "wamid…"}]}`. */
export type OutgoingMessage = TextMessage | InteractiveMessage | TemplateMessage;

/** Marks an incoming message (and the ones before it) as read; answers `{success: true}`. */
export interface MarkReadRequest {
  readonly messaging_product: 'whatsapp';
  readonly status: 'read';
  readonly message_id: string;
}
