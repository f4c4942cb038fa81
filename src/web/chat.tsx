import { useEffect, useRef, useState } from 'preact/hooks';
import { call, type ChatMessage, type SandboxState } from './api.ts';
import { directionOf } from './bindings.ts';
import { Bubble } from './messages.tsx';
import { phoneStrings } from './phone-strings.ts';
import { FlowPlayer } from './player.tsx';

const LANGUAGES = ['en_US', 'en_GB', 'ar', 'fa', 'es', 'fr', 'pt_BR', 'de', 'tr', 'hi'];

/** The phone: one or more customers chatting with the business through the sandbox. */
export function Chat() {
  const [state, setState] = useState<SandboxState | undefined>();
  const [active, setActive] = useState<string | undefined>(
    new URLSearchParams(location.search).get('customer') ?? undefined,
  );
  const [draft, setDraft] = useState('');
  const [flowOf, setFlowOf] = useState<string | undefined>();
  const version = useRef(-1);
  const list = useRef<HTMLDivElement>(null);

  const refresh = async () => {
    const { body } = await call<SandboxState>('GET', '/sandbox/api/state');
    if (body.version !== version.current) {
      version.current = body.version;
      setState(body);
    }
  };
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 400);
    return () => clearInterval(timer);
  }, []);

  const customer = state?.customers.find((c) => c.waId === active) ?? (active ? undefined : state?.customers[0]);
  const dir = directionOf(customer?.language ?? 'en_US');
  useEffect(() => {
    document.documentElement.dir = dir;
    document.documentElement.lang = (customer?.language ?? 'en').replace('_', '-');
  }, [dir, customer?.language]);
  const unread = customer?.messages.some(
    (m) => m.direction === 'out' && (m.status === 'sent' || m.status === 'delivered'),
  );
  useEffect(() => {
    if (customer && unread) void call('POST', `/sandbox/api/customers/${customer.waId}/read`);
  }, [customer?.waId, unread, state?.version]);
  // The newest message in view, as a phone keeps it: on opening a chat and on every new message.
  const count = customer?.messages.length ?? 0;
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [customer?.waId, count]);

  if (!state) return <p>Loading…</p>;
  const words = phoneStrings(customer?.language ?? 'en_US');
  const flowMessage = customer?.messages.find((m) => m.wamid === flowOf);
  const say = async (body: Record<string, unknown>) => {
    if (customer) await call('POST', `/sandbox/api/customers/${customer.waId}/messages`, body);
    await refresh();
  };

  return (
    <div class="sandbox">
      <aside class="customers">
        <h1>flowbook sandbox</h1>
        <nav class="customer-list">
          {state.customers.map((c) => (
            <button
              type="button"
              class={c.waId === customer?.waId ? 'on' : ''}
              data-testid={`customer-${c.waId}`}
              onClick={() => setActive(c.waId)}
            >
              {c.name} · {c.language}
            </button>
          ))}
        </nav>
        {/* Folded away on a phone-sized screen, so the chat keeps the screen. */}
        <details class="tools" open={!narrow()}>
          <summary>Customers, clock and faults</summary>
          <NewCustomer
            onAdd={(waId) => {
              setActive(waId);
              void refresh();
            }}
          />
          <Clock onChange={refresh} />
          <Faults faults={state.faults} onChange={refresh} />
          <p class="deliveries" data-testid="deliveries">
            {state.deliveries
              .slice(-5)
              .map((d) => `${d.kinds.join(',')}→${d.status}`)
              .join(' · ')}
          </p>
        </details>
      </aside>
      <main class="phone" dir={dir}>
        {customer ? (
          <>
            <header class="phone-bar">
              {customer.name} <small dir="ltr">{customer.username ?? `+${customer.waId}`}</small>
            </header>
            <div class="messages" data-testid="messages" ref={list}>
              {customer.messages.length === 0 ? (
                <p class="hint" data-testid="start-hint">
                  {words.start}
                </p>
              ) : null}
              {customer.messages.map((m) => (
                <Bubble
                  m={m}
                  openFlow={(x: ChatMessage) => setFlowOf(x.wamid)}
                  reply={(x, r) => void say({ reply: r, contextId: x.wamid })}
                  quickReply={(x, payload, text) => void say({ button: { payload, text }, contextId: x.wamid })}
                />
              ))}
            </div>
            <form
              class="composer"
              onSubmit={(e) => {
                e.preventDefault();
                if (draft.trim()) {
                  void say({ text: draft.trim() });
                  setDraft('');
                }
              }}
            >
              <input
                data-testid="composer"
                value={draft}
                placeholder={words.message}
                onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
              />
              <button type="submit" data-testid="send">
                {words.send}
              </button>
            </form>
            {flowMessage ? (
              <FlowPlayer
                message={flowMessage}
                language={customer.language}
                exchanges={state.exchanges}
                onClose={() => {
                  setFlowOf(undefined);
                  void refresh();
                }}
              />
            ) : null}
          </>
        ) : (
          <p class="empty">Add a customer to start.</p>
        )}
      </main>
    </div>
  );
}

/** A phone-sized screen (the layout's breakpoint in styles.css). */
function narrow(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(max-width: 600px)').matches;
}

const STEPS = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '1 day' },
  { hours: 24 * 7, label: '1 week' },
];

/**
 * The clock control: what would happen in the next hour, day or week happens now (reminders are sent,
 * waitlist offers run out and go to the next customer), so a demo need not wait for tomorrow
 * (POST /sandbox/api/clock).
 */
function Clock(props: { onChange: () => void }) {
  const [said, setSaid] = useState('');
  const run = async (hours: number, label: string) => {
    const { status, body } = await call<{ ran: Record<string, number> }>('POST', '/sandbox/api/clock', { hours });
    if (status !== 200) return setSaid(`HTTP ${status}`);
    const reminders = body.ran['reminder.send'] ?? 0;
    const offers = body.ran['waitlist.offer_expired'] ?? 0;
    const ranOut = offers > 0 ? `, ${offers} waitlist offer${offers === 1 ? '' : 's'} ran out` : '';
    setSaid(`${label} on: ${reminders} reminder${reminders === 1 ? '' : 's'} sent${ranOut}`);
    props.onChange();
  };
  return (
    <fieldset class="clock">
      <legend>Clock</legend>
      <span>Skip ahead</span>{' '}
      {STEPS.map((s) => (
        <button type="button" data-testid={`skip-${s.hours}`} onClick={() => void run(s.hours, s.label)}>
          {s.label}
        </button>
      ))}
      <p data-testid="clock-result" aria-live="polite">
        {said}
      </p>
    </fieldset>
  );
}

function NewCustomer(props: { onAdd: (waId: string) => void }) {
  const [waId, setWaId] = useState('');
  const [language, setLanguage] = useState('en_US');
  return (
    <form
      class="new-customer"
      onSubmit={async (e) => {
        e.preventDefault();
        // "@name" adds a customer with a username and no phone number (docs/sandbox.md).
        const body = waId.startsWith('@') ? { username: waId, language } : { waId, language };
        const { status, body: added } = await call<{ customer: { waId: string } }>(
          'POST',
          '/sandbox/api/customers',
          body,
        );
        if (status === 200) props.onAdd(added.customer.waId);
      }}
    >
      <input
        placeholder="WhatsApp number or @username"
        value={waId}
        onInput={(e) => {
          const typed = (e.currentTarget as HTMLInputElement).value;
          setWaId(typed.startsWith('@') ? typed.replace(/[^@\w.]/g, '') : typed.replace(/\D/g, ''));
        }}
      />
      <select value={language} onChange={(e) => setLanguage((e.currentTarget as HTMLSelectElement).value)}>
        {LANGUAGES.map((l) => (
          <option value={l}>{l}</option>
        ))}
      </select>
      <button type="submit">Add customer</button>
    </form>
  );
}

function Faults(props: { faults: Record<string, number | boolean>; onChange: () => void }) {
  const set = async (key: string, value: number | boolean) => {
    await call('PUT', '/sandbox/api/faults', { ...props.faults, [key]: value });
    props.onChange();
  };
  const f = props.faults;
  return (
    <fieldset class="faults">
      <legend>Faults</legend>
      <label>
        <input
          type="checkbox"
          checked={f.duplicate === true}
          onChange={(e) => void set('duplicate', (e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        duplicate deliveries
      </label>
      <label>
        <input
          type="checkbox"
          checked={f.reorder === true}
          onChange={(e) => void set('reorder', (e.currentTarget as HTMLInputElement).checked)}
        />{' '}
        reorder deliveries
      </label>
      <label>
        latency ms{' '}
        <input
          type="number"
          min={0}
          value={Number(f.latencyMs)}
          onChange={(e) => void set('latencyMs', Number((e.currentTarget as HTMLInputElement).value))}
        />
      </label>
      <label>
        Graph 5xx next{' '}
        <input
          type="number"
          min={0}
          value={Number(f.graph5xx)}
          onChange={(e) => void set('graph5xx', Number((e.currentTarget as HTMLInputElement).value))}
        />
      </label>
      <label>
        Graph 429 next{' '}
        <input
          type="number"
          min={0}
          value={Number(f.graph429)}
          onChange={(e) => void set('graph429', Number((e.currentTarget as HTMLInputElement).value))}
        />
      </label>
    </fieldset>
  );
}
