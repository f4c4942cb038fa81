import { useEffect, useState } from 'preact/hooks';
import { call, type ChatMessage, type Exchange } from './api.ts';
import { directionOf, flag, resolve, text } from './bindings.ts';
import { FlowComponent, inputsOf, type Action, type Component } from './flow-components.tsx';
import { phoneStrings } from './phone-strings.ts';

interface Screen {
  id: string;
  title?: string;
  terminal?: boolean;
  refresh_on_back?: boolean;
  layout: { children: Component[] };
}
interface FlowJson {
  screens: Screen[];
  routing_model?: Record<string, string[]>;
}
interface Frame {
  id: string;
  data: Record<string, unknown>;
  form: Record<string, unknown>;
}
interface CallResult {
  status: number;
  response: { screen?: string; data?: Record<string, unknown>; error_msg?: string } | undefined;
  latencyMs: number;
  completed: boolean;
}

/** The values a screen's inputs start with: their `init-value`, bound to the screen's data (docs/protocol.md §3). */
function initialForm(screen: Screen | undefined, data: Record<string, unknown>): Record<string, unknown> {
  if (!screen) return {};
  const scope = { data, form: {} };
  const values: Record<string, unknown> = {};
  for (const c of inputsOf(screen.layout.children, scope)) {
    const value = resolve(c['init-value'], scope);
    if (value !== undefined && value !== null && value !== '') values[c.name] = value;
  }
  return values;
}

/** How long a snackbar stays. */
const SNACK_MS = 5_000;

/** The entry screen: the one no route leads to (docs/protocol.md §4), else the first. */
function entryScreen(flow: FlowJson): string {
  const targets = new Set(Object.values(flow.routing_model ?? {}).flat());
  return (flow.screens.find((s) => !targets.has(s.id)) ?? flow.screens[0]!).id;
}

/**
 * The Flow player: renders the Flow JSON's screens, binds `${data.…}`/`${form.…}` and performs
 * navigate, data_exchange (through the sandbox server, which encrypts for the real `/flow`), BACK
 * with refresh_on_back, and complete (docs/protocol.md §2–§4).
 */
export function FlowPlayer(props: {
  message: ChatMessage;
  language: string;
  exchanges: Exchange[];
  onClose: (done: boolean) => void;
}) {
  const launch = props.message.flow!;
  const [flow, setFlow] = useState<FlowJson | undefined>();
  const [stack, setStack] = useState<Frame[]>([]);
  const [snack, setSnack] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [fatal, setFatal] = useState<string | undefined>();
  const dir = directionOf(props.language);
  const words = phoneStrings(props.language);
  // A snackbar goes away by itself, like the client's (and at the next exchange).
  useEffect(() => {
    if (snack === undefined) return;
    const timer = setTimeout(() => setSnack(undefined), SNACK_MS);
    return () => clearTimeout(timer);
  }, [snack]);

  const exchange = async (
    action: 'INIT' | 'BACK' | 'data_exchange',
    screen?: string,
    data?: Record<string, unknown>,
  ): Promise<CallResult | undefined> => {
    setBusy(true);
    setSnack(undefined);
    try {
      const { body } = await call<CallResult>('POST', '/sandbox/api/flow', {
        wamid: props.message.wamid,
        action,
        ...(screen ? { screen } : {}),
        ...(data ? { data } : {}),
      });
      if (body.status === 427) {
        setFatal(words.flowGone);
        return undefined;
      }
      if (body.status !== 200) {
        setSnack(words.tryAgain);
        return undefined;
      }
      if (body.completed) {
        props.onClose(true);
        return undefined;
      }
      const message = body.response?.data?.error_message;
      if (typeof message === 'string') setSnack(message);
      return body;
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void (async () => {
      const { body } = await call<{ json: FlowJson }>('GET', `/sandbox/api/flows/${encodeURIComponent(launch.flow)}`);
      setFlow(body.json);
      if (launch.action === 'data_exchange') {
        const result = await exchange('INIT');
        if (result?.response?.screen)
          setStack([{ id: result.response.screen, data: result.response.data ?? {}, form: {} }]);
      } else {
        setStack([{ id: launch.screen ?? entryScreen(body.json), data: launch.data ?? {}, form: {} }]);
      }
    })();
  }, []);

  const frame = stack[stack.length - 1];
  const screen = flow?.screens.find((s) => s.id === frame?.id);
  /** A frame's form: what the customer entered over the inputs' `init-value` (bound to the screen's data). */
  const formOf = (f: Frame | undefined): Record<string, unknown> => {
    const shown = flow?.screens.find((x) => x.id === f?.id);
    return { ...initialForm(shown, f?.data ?? {}), ...(f?.form ?? {}) };
  };

  /** The screens of the route so far by id, for `${screen.S.data|form.x}` (the latest visit of each). */
  const screensOf = (frames: readonly Frame[]) =>
    Object.fromEntries(frames.map((f) => [f.id, { data: f.data, form: formOf(f) }]));

  const replaceTop = (update: (f: Frame) => Frame) => setStack((s) => [...s.slice(0, -1), update(s[s.length - 1]!)]);

  const act = async (action: Action, form = formOf(frame)) => {
    if (!frame) return;
    // `${screen.S.…}` reads the screens of the route; this screen's own form is the one being sent.
    const payload = (resolve(action.payload ?? {}, {
      data: frame.data,
      form,
      screens: { ...screensOf(stack), [frame.id]: { data: frame.data, form } },
    }) ?? {}) as Record<string, unknown>;
    if (action.name === 'navigate' && action.next) {
      setSnack(undefined);
      setStack((s) => [...s, { id: action.next!.name, data: payload, form: {} }]);
    } else if (action.name === 'complete') {
      await call('POST', '/sandbox/api/flow/complete', { wamid: props.message.wamid, params: payload });
      props.onClose(true);
    } else if (action.name === 'data_exchange') {
      const result = await exchange('data_exchange', frame.id, payload);
      const next = result?.response;
      if (!next?.screen) return;
      if (next.screen === frame.id) replaceTop((f) => ({ ...f, data: next.data ?? {} }));
      else setStack((s) => [...s, { id: next.screen!, data: next.data ?? {}, form: {} }]);
    } else if (action.name === 'update_data') {
      replaceTop((f) => ({ ...f, data: { ...f.data, ...payload } }));
    }
  };

  const back = async () => {
    if (!frame || stack.length <= 1) return props.onClose(false);
    const previous = stack[stack.length - 2]!;
    if (screen?.refresh_on_back) {
      const result = await exchange('BACK', frame.id);
      const next = result?.response;
      if (!next?.screen) return;
      setStack((s) => [
        ...s.slice(0, -2),
        { id: next.screen!, data: next.data ?? {}, form: next.screen === previous.id ? previous.form : {} },
      ]);
    } else {
      setSnack(undefined);
      setStack((s) => s.slice(0, -1));
    }
  };

  const setField = (name: string, value: unknown, onSelect?: Action) => {
    if (!frame) return;
    const form = { ...formOf(frame), [name]: value };
    replaceTop((f) => ({ ...f, form }));
    if (onSelect) void act(onSelect, form);
  };

  const scope = { data: frame?.data ?? {}, form: formOf(frame), screens: screensOf(stack) };
  const canSubmit = screen
    ? inputsOf(screen.layout.children, scope, true).every(
        (c) =>
          // `required` may be bound to data (`${data.is_location_enabled}` in Meta's template).
          !flag(c.required, scope, false) ||
          (scope.form[c.name] !== undefined && scope.form[c.name] !== '' && scope.form[c.name] !== false),
      )
    : false;
  const mine = props.exchanges.filter((e) => e.wamid === props.message.wamid);

  return (
    <div class="player" dir={dir} data-testid="flow-player" data-screen={frame?.id ?? ''}>
      <header class="player-bar">
        <button type="button" data-testid="flow-back" onClick={() => void back()} aria-label={words.back}>
          {dir === 'rtl' ? '→' : '←'}
        </button>
        <strong data-testid="flow-title">{screen ? text(screen.title, scope) : ''}</strong>
        <button type="button" data-testid="flow-close" onClick={() => props.onClose(false)} aria-label={words.close}>
          ✕
        </button>
      </header>
      {/* In the page's flow under the bar, never over a button. */}
      {snack ? (
        <div class="snackbar" role="alert" data-testid="snackbar">
          {snack}
        </div>
      ) : null}
      <div class="player-body">
        {fatal ? (
          <p class="fl-fatal" role="alert">
            {fatal}
          </p>
        ) : null}
        {screen?.layout.children.map((c) => (
          <FlowComponent
            c={c}
            scope={scope}
            setField={setField}
            act={(a) => void act(a)}
            canSubmit={canSubmit}
            busy={busy}
            language={props.language}
          />
        ))}
      </div>
      <details class="exchanges" data-testid="exchanges">
        <summary>Endpoint requests ({mine.length})</summary>
        {mine.map((e) => (
          <div class="exchange">
            <div>
              HTTP {e.status} · {e.latencyMs} ms
            </div>
            <pre dir="ltr">{JSON.stringify(e.request, null, 1)}</pre>
            <pre dir="ltr">{JSON.stringify(e.response, null, 1)}</pre>
          </div>
        ))}
      </details>
    </div>
  );
}
