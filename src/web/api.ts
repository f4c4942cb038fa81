/** JSON over fetch: `{status, body}`, never throwing on an HTTP error status. */
export async function call<T = unknown>(
  method: string,
  url: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T };
}

export interface ChatMessage {
  wamid: string;
  direction: 'in' | 'out';
  at: number;
  body: Record<string, any>;
  rendered?: { text: string; direction: 'rtl' | 'ltr' };
  status: string;
  /** The Flow the message opens (an interactive Flow message or a template's Flow button). */
  flow?: {
    flow: string;
    action: 'navigate' | 'data_exchange';
    token: string;
    cta: string;
    screen?: string;
    data?: Record<string, unknown>;
    buttonIndex?: number;
  };
  flowDisabled?: boolean;
}

export interface Customer {
  /** The phone number, or the BSUID of a username-only customer. */
  waId: string;
  userId?: string;
  username?: string;
  name: string;
  language: string;
  messages: ChatMessage[];
}

export interface Exchange {
  wamid: string;
  request: unknown;
  status: number;
  response: unknown;
  latencyMs: number;
  at: number;
}

export interface SandboxState {
  version: number;
  customers: Customer[];
  exchanges: Exchange[];
  alerts: { at: number; kind: string; detail: string }[];
  faults: Record<string, number | boolean>;
  deliveries: { at: number; status: number; signed: boolean; kinds: string[] }[];
}
