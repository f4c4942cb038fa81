import type { ChatMessage } from './api.ts';

const TICKS: Record<string, string> = {
  accepted: '🕓',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓ read',
  failed: '⚠ failed',
};

export interface BubbleProps {
  readonly m: ChatMessage;
  readonly openFlow: (m: ChatMessage) => void;
  readonly reply: (m: ChatMessage, reply: { type: 'button_reply' | 'list_reply'; id: string; title: string }) => void;
  readonly quickReply: (m: ChatMessage, payload: string, text: string) => void;
}

/** One message as the phone shows it: text, rendered template, Flow, list, reply buttons, nfm_reply. */
export function Bubble({ m, openFlow, reply, quickReply }: BubbleProps) {
  const b = m.body;
  return (
    <div class={`bubble ${m.direction}`} data-testid={`msg-${m.direction}`} data-type={b.type} dir="auto">
      {content()}
      {m.direction === 'out' ? (
        <span class="ticks" data-testid="status" data-status={m.status}>
          {TICKS[m.status] ?? m.status}
        </span>
      ) : null}
    </div>
  );

  function content() {
    if (b.type === 'text') return <p>{b.text?.body}</p>;
    if (b.type === 'template') {
      const buttons = templateButtons();
      return (
        <div dir={m.rendered?.direction ?? 'auto'}>
          <p class="template">
            {m.rendered?.text
              .split('\n')
              .filter((line) => !/^\[.*\]$/.test(line))
              .join('\n')}
          </p>
          {buttons.map((t, i) =>
            m.flow?.buttonIndex === i ? (
              flowButton(t)
            ) : (
              <button type="button" class="quick" onClick={() => quickReply(m, payloadAt(i) ?? t, t)}>
                {t}
              </button>
            ),
          )}
        </div>
      );
    }
    if (b.type === 'button') return <p>{b.button?.text}</p>;
    if (b.type !== 'interactive') return <p>[{b.type}]</p>;
    const i = b.interactive;
    const header = i.header?.text ? <strong>{i.header.text}</strong> : null;
    const footer = i.footer?.text ? <small>{i.footer.text}</small> : null;
    if (i.type === 'flow') {
      return (
        <div>
          {header}
          <p>{i.body?.text}</p>
          {footer}
          {flowButton(m.flow?.cta ?? i.action.parameters.flow_cta)}
        </div>
      );
    }
    if (i.type === 'list') {
      return (
        <div>
          {header}
          <p>{i.body?.text}</p>
          {footer}
          {i.action.sections.map((s: any) => (
            <div class="section">
              {s.title ? <em>{s.title}</em> : null}
              {s.rows.map((r: any) => (
                <button
                  type="button"
                  class="quick"
                  onClick={() => reply(m, { type: 'list_reply', id: r.id, title: r.title })}
                >
                  {r.title}
                </button>
              ))}
            </div>
          ))}
        </div>
      );
    }
    if (i.type === 'button') {
      return (
        <div>
          {header}
          <p>{i.body?.text}</p>
          {footer}
          {i.action.buttons.map((x: any) => (
            <button
              type="button"
              class="quick"
              onClick={() => reply(m, { type: 'button_reply', id: x.reply.id, title: x.reply.title })}
            >
              {x.reply.title}
            </button>
          ))}
        </div>
      );
    }
    if (i.type === 'nfm_reply') return <p data-testid="nfm-reply">✔ Flow sent</p>;
    if (i.type === 'button_reply' || i.type === 'list_reply') return <p>{i[i.type]?.title}</p>;
    return <p>[{i.type}]</p>;
  }

  /** The button that opens the message's Flow (a Flow message's, or a template's Flow button). */
  function flowButton(text: string) {
    return (
      <button
        type="button"
        class="flow-cta"
        data-testid="flow-cta"
        disabled={m.flowDisabled}
        onClick={() => openFlow(m)}
      >
        {text}
      </button>
    );
  }

  function templateButtons(): string[] {
    const lines = m.rendered?.text.split('\n') ?? [];
    return lines.filter((line) => /^\[.*\]$/.test(line)).map((line) => line.slice(1, -1));
  }

  function payloadAt(index: number): string | undefined {
    const components = (b.template?.components ?? []) as any[];
    const button = components.find((c) => c.type === 'button' && String(c.index) === String(index));
    return button?.parameters?.[0]?.payload;
  }
}
