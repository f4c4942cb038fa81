import { useEffect, useState } from 'preact/hooks';
import { call } from './api.ts';

interface FlowReport {
  flowId: string | null;
  sendable: boolean;
  flows: { flowId: string; status: string; source: string; updatedAt: string }[];
  alerts: { event: string; alertState: string | null; message: string | null; receivedAt: string }[];
}

interface TemplateRow {
  name: string;
  language: string;
  status: string | null;
  sendable: boolean;
  category: string | null;
  marketingAt: string | null;
  quality: string | null;
}

/** What needs the operator: a Flow Meta throttled or blocked, templates that cannot be sent or cost more. */
export function operationsProblems(flows: FlowReport | undefined, templates: TemplateRow[]): string[] {
  const problems: string[] = [];
  for (const f of flows?.flows ?? []) {
    if (f.status === 'THROTTLED' || f.status === 'BLOCKED') {
      const since = new Date(f.updatedAt).toLocaleString();
      problems.push(
        `The Flow ${f.flowId} is ${f.status} since ${since}: customers are told to book by phone or online until it is PUBLISHED again.`,
      );
    }
  }
  for (const t of templates) {
    const name = `${t.name} (${t.language})`;
    if (!t.sendable) problems.push(`Template ${name} is ${t.status}: it is not sent; the text goes inside 24 h.`);
    if (t.marketingAt)
      problems.push(`Template ${name} is moved to MARKETING by Meta: every send is priced as marketing.`);
    if (t.quality === 'RED') problems.push(`Template ${name} has RED quality: Meta may pause it.`);
  }
  return problems;
}

/** The operations banner of the agenda, from `GET /api/flows` and `GET /api/templates`. */
export function Operations(props: { token: string }) {
  const [problems, setProblems] = useState<string[] | undefined>();
  const [recent, setRecent] = useState<FlowReport['alerts']>([]);
  useEffect(() => {
    void (async () => {
      const f = await call<FlowReport>('GET', '/api/flows', undefined, props.token);
      const t = await call<{ templates: TemplateRow[] }>('GET', '/api/templates', undefined, props.token);
      if (f.status !== 200 || t.status !== 200) return setProblems(undefined);
      setProblems(operationsProblems(f.body, t.body.templates));
      setRecent(f.body.alerts.slice(0, 10));
    })();
  }, [props.token]);
  if (problems === undefined) return null;
  return (
    <section class="operations" data-testid="operations">
      <h2>Operations</h2>
      {problems.length === 0 ? (
        <p>The Flow and every template Meta reported on can be sent.</p>
      ) : (
        <ul role="alert">
          {problems.map((p) => (
            <li class="problem">{p}</li>
          ))}
        </ul>
      )}
      {recent.length > 0 ? (
        <details>
          <summary>Latest Flow events from Meta</summary>
          <ul>
            {recent.map((a) => (
              <li>
                {new Date(a.receivedAt).toLocaleString()} {a.event}
                {a.alertState ? ` ${a.alertState}` : ''}
                {a.message ? `: ${a.message}` : ''}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
