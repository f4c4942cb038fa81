import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What the WhatsApp client checks of every endpoint answer (docs/protocol.md §2.4): the target screen's
 * declared `data` schema (else payload-schema-error) and a legal transition of the routing model
 * (else invalid-screen-transition), both read from the Flow JSON file itself. Returns the problems;
 * empty means the client accepts it.
 *
 * Legal transitions, as the client keeps its stack of screens: INIT opens the entry screen; a
 * data_exchange from S may answer S itself or a screen S routes to; BACK from S (the screen being
 * left) answers a screen that routes to S; SUCCESS closes the Flow from a terminal screen.
 */
type Schema = { type: string; items?: Schema; properties?: Record<string, Schema> };
interface Screen {
  id: string;
  terminal?: boolean;
  data?: Record<string, Schema>;
}
interface FlowJson {
  routing_model: Record<string, string[]>;
  screens: Screen[];
}

type Request = { action: string; screen?: string };
type Response = { screen?: string; data?: Record<string, unknown> };

export const FLOW_FILES = {
  flowbook: path.join(import.meta.dirname, '../../flows/appointment.json'),
  builder: path.join(import.meta.dirname, '../../flows/builder-template.json'),
} as const;

/** The contract of one Flow JSON file. */
export function contractOf(file: string): (request: Request, response: Response) => string[] {
  const flow: FlowJson = JSON.parse(readFileSync(file, 'utf8'));
  return (request, response) => problemsFor(flow, request, response);
}

/** The contract of the shipped Flow, flows/appointment.json. */
export const contractProblems = contractOf(FLOW_FILES.flowbook);

/** Whether the routing model allows answering `target` to `request` (SUCCESS aside). */
export function isLegalTransition(routes: Record<string, string[]>, request: Request, target: string): boolean {
  const from = request.screen;
  const entry = Object.keys(routes).find((s) => !Object.values(routes).some((targets) => targets.includes(s)));
  if (request.action === 'INIT') return target === entry;
  if (from === undefined) return false;
  if (request.action === 'BACK') return (routes[target] ?? []).includes(from);
  return target === from || (routes[from] ?? []).includes(target);
}

function problemsFor(flow: FlowJson, request: Request, response: Response): string[] {
  const problems: string[] = [];
  const target = response.screen;
  if (target === undefined) return ['response names no screen'];
  const from = request.screen;
  if (target === 'SUCCESS') {
    const current = flow.screens.find((s) => s.id === from);
    if (request.action !== 'data_exchange' || !current?.terminal) problems.push(`SUCCESS from non-terminal ${from}`);
    const params = (response.data?.extension_message_response as { params?: { flow_token?: unknown } } | undefined)
      ?.params;
    if (typeof params?.flow_token !== 'string')
      problems.push('SUCCESS without extension_message_response.params.flow_token');
    return problems;
  }
  if (!isLegalTransition(flow.routing_model, request, target))
    problems.push(`${request.action} from ${from ?? '(none)'} to ${target} is not a legal transition`);
  const screen = flow.screens.find((s) => s.id === target);
  if (!screen) return [...problems, `unknown screen ${target}`];
  const declared = screen.data ?? {};
  const data = response.data ?? {};
  for (const [name, schema] of Object.entries(declared)) {
    if (!(name in data)) problems.push(`${target}.data.${name} is missing`);
    else problems.push(...typeProblems(`${target}.data.${name}`, data[name], schema));
  }
  for (const name of Object.keys(data)) {
    if (!(name in declared) && name !== 'error_message') problems.push(`${target}.data.${name} is not declared`);
  }
  if ('error_message' in data && typeof data.error_message !== 'string') problems.push('error_message is not a string');
  return problems;
}

function typeProblems(where: string, value: unknown, schema: Schema): string[] {
  switch (schema.type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${where} is not a string`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${where} is not a boolean`];
    case 'number':
      return typeof value === 'number' ? [] : [`${where} is not a number`];
    case 'array':
      if (!Array.isArray(value)) return [`${where} is not an array`];
      return value.flatMap((item, i) => (schema.items ? typeProblems(`${where}[${i}]`, item, schema.items) : []));
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${where} is not an object`];
      const record = value as Record<string, unknown>;
      const props = schema.properties ?? {};
      // An option's `enabled` needs no declaration: Meta's template declares only id and title, and its
      // own examples and sample endpoint send `enabled: false` for a full time (docs/protocol.md §3).
      const isOption = 'id' in props && 'title' in props;
      return [
        ...Object.keys(record)
          .filter((k) => !(k in props) && !(isOption && k === 'enabled' && typeof record[k] === 'boolean'))
          .map((k) => `${where}.${k} is not declared`),
        ...Object.entries(props).flatMap(([k, s]) => (k in record ? typeProblems(`${where}.${k}`, record[k], s) : [])),
      ];
    }
    default:
      return [`${where}: unsupported schema type ${schema.type}`];
  }
}
