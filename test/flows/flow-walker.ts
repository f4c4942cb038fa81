import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

/**
 * A customer's WhatsApp client for one Flow JSON file, as far as the endpoint can tell: it keeps the
 * stack of screens, sends what the file's own actions say (a Dropdown's on-select-action, a
 * Footer's on-click-action with `${data.…}` and `${form.…}` resolved), navigates without the endpoint
 * where the file says `navigate`, and asks for BACK only on screens with `refresh_on_back`.
 */
type Node = Record<string, any>;
export type Send = (
  action: string,
  screen: string | undefined,
  data?: Record<string, unknown>,
) => Promise<{ status: number; body: any }>;

export interface Frame {
  readonly id: string;
  data: Record<string, unknown>;
}

export interface Walker {
  readonly stack: Frame[];
  readonly top: Frame;
  init(): Promise<Frame>;
  /** Picks `value` in the input `name` (a Dropdown, a CalendarPicker), sending its on-select-action. */
  select(name: string, value: string, form: Record<string, unknown>): Promise<Frame>;
  /** Taps the Footer with the form filled in; the last answer (or the navigated screen) is returned. */
  submit(form: Record<string, unknown>): Promise<{ frame: Frame; status: number; body: any }>;
  back(): Promise<Frame | undefined>;
}

export function walkerFor(file: string, send: Send): Walker {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { screens: Node[] };
  const screen = (id: string) => json.screens.find((s) => s.id === id) ?? assert.fail(`no screen ${id}`);
  const stack: Frame[] = [];
  const top = () => stack.at(-1) ?? assert.fail('no screen open');

  async function exchange(action: string, from: string | undefined, data?: Record<string, unknown>) {
    const answer = await send(action, from, data);
    if (answer.status === 200 && typeof answer.body?.screen === 'string' && answer.body.screen !== 'SUCCESS') {
      const next: Frame = { id: answer.body.screen, data: answer.body.data ?? {} };
      if (action === 'BACK') stack.splice(stack.length - 1, 1, next);
      else if (next.id === top().id) stack.splice(stack.length - 1, 1, next);
      else stack.push(next);
    }
    return answer;
  }

  return {
    stack,
    get top() {
      return top();
    },
    async init() {
      const answer = await send('INIT', undefined);
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      stack.push({ id: answer.body.screen, data: answer.body.data });
      return top();
    },
    async select(name, value, form) {
      const input = components(screen(top().id)).find((c) => c.name === name && c['on-select-action']);
      const action = input?.['on-select-action'] ?? assert.fail(`no on-select-action on ${name}`);
      await exchange('data_exchange', top().id, resolve(action.payload, top().data, { ...form, [name]: value }));
      return top();
    },
    async submit(form) {
      const footer = components(screen(top().id)).find((c) => c.type === 'Footer') ?? assert.fail('no Footer');
      const action = footer['on-click-action'];
      const payload = resolve(action.payload ?? {}, top().data, form);
      if (action.name === 'navigate') {
        stack.push({ id: action.next.name, data: payload });
        return { frame: top(), status: 200, body: undefined };
      }
      const answer = await exchange('data_exchange', top().id, payload);
      return { frame: top(), status: answer.status, body: answer.body };
    },
    async back() {
      const leaving = stack.at(-1);
      if (!leaving || stack.length === 1) return undefined;
      if (screen(leaving.id).refresh_on_back === true) {
        const answer = await exchange('BACK', leaving.id);
        assert.equal(answer.status, 200, JSON.stringify(answer.body));
      } else {
        stack.pop();
      }
      return top();
    },
  };
}

/** Every component of a screen, through Form wrappers. */
function components(screen: Node): Node[] {
  const walk = (children: Node[]): Node[] => children.flatMap((c) => [c, ...(c.children ? walk(c.children) : [])]);
  return walk(screen.layout.children);
}

/** `${data.x}` and `${form.x}` as whole values, the way the template's payloads use them. */
function resolve(
  payload: Record<string, unknown>,
  data: Record<string, unknown>,
  form: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(payload)) {
    const match = typeof value === 'string' ? /^\$\{(data|form)\.(\w+)\}$/.exec(value) : null;
    out[key] = match ? (match[1] === 'data' ? data : form)[match[2]!] : value;
  }
  return out;
}
