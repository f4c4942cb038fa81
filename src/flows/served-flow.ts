import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.ts';
import type { ScreenResponse } from './protocol.ts';

/**
 * What the endpoint must know of the Flow JSON the business published: which fields each screen
 * declares (an answer with others fails with payload-schema-error, docs/protocol.md §2.4) and its
 * routing model. flowbook serves its own Flow (`flows/appointment.json`) and Meta's Builder template
 * "Book an appointment" (`flows/builder-template.json`, docs/protocol.md §3); the screens build one
 * answer with every field either Flow needs, and {@link fitToScreen} keeps what the served one declares.
 */
export interface ServedFlow {
  /** Where the Flow JSON came from, for messages. */
  readonly source: string;
  readonly routingModel: Readonly<Record<string, readonly string[]>>;
  /** Declared `data` field names per screen id. */
  readonly declared: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Screens the appointment handler answers; a Flow without them cannot be served. */
const REQUIRED_SCREENS = ['APPOINTMENT', 'DETAILS', 'SUMMARY'] as const;

/** Reads the Flow JSON file to serve; a missing or unusable file is a ConfigError. */
export function loadServedFlow(file: string): ServedFlow {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError([`FLOW_JSON ${file}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`]);
  }
  return readServedFlow(text, file);
}

/**
 * Reads a Flow JSON document for serving. Throws a ConfigError naming every problem; the full
 * publishing rules are `flowbook flow validate`'s job.
 */
export function readServedFlow(text: string, source: string): ServedFlow {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([`${source}: not JSON (${(error as Error).message})`]);
  }
  const problems: string[] = [];
  const doc = isRecord(json) ? json : {};
  const routing = isRecord(doc.routing_model) ? doc.routing_model : undefined;
  if (!routing) problems.push(`${source}: no routing_model (a Flow with an endpoint needs one)`);
  const screens = Array.isArray(doc.screens) ? doc.screens.filter(isRecord) : [];
  const declared = new Map<string, ReadonlySet<string>>();
  for (const screen of screens) {
    if (typeof screen.id === 'string')
      declared.set(screen.id, new Set(isRecord(screen.data) ? Object.keys(screen.data) : []));
  }
  for (const id of REQUIRED_SCREENS) if (!declared.has(id)) problems.push(`${source}: no ${id} screen`);
  if (problems.length > 0) throw new ConfigError(problems);
  const routingModel: Record<string, readonly string[]> = {};
  for (const [from, targets] of Object.entries(routing!)) {
    routingModel[from] = Array.isArray(targets) ? targets.filter((t): t is string => typeof t === 'string') : [];
  }
  return Object.freeze({ source, routingModel: Object.freeze(routingModel), declared });
}

/**
 * Keeps the fields the target screen declares, and `error_message` (the snackbar, which needs no
 * declaration). SUCCESS and screens the Flow does not have pass unchanged.
 */
export function fitToScreen(flow: ServedFlow, response: ScreenResponse): ScreenResponse {
  const fields = flow.declared.get(response.screen);
  if (!fields) return response;
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(response.data)) {
    if (fields.has(name) || name === 'error_message') data[name] = value;
  }
  return { screen: response.screen, data };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
