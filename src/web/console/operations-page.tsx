import { useEffect, useState } from 'preact/hooks';
import { problemText } from './booking.tsx';
import { useScope } from './context.ts';
import { longWhen } from './time.ts';

type MessageState = 'pending' | 'accepted' | 'sent' | 'delivered' | 'read' | 'failed';

/** What `GET /api/operations` answers (src/insights/report.ts). */
export interface OperationsData {
  templates: { name: string; language: string; status: string | null; reason: string | null; sendable: boolean }[];
  flow: {
    flowId: string | null;
    sendable: boolean;
    flows: { flowId: string; status: string; message: string | null; updatedAt: string }[];
    alerts: { flowId: string | null; event: string; alertState: string | null; receivedAt: string }[];
  };
  failedJobs: {
    id: number;
    name: string;
    attempts: number;
    maxAttempts: number;
    lastError: { message?: string; code?: string } | null;
    updatedAt: string;
  }[];
  messagesToday: { date: string; zone: string; byState: Record<MessageState, number>; total: number };
}

const STATES: MessageState[] = ['pending', 'accepted', 'sent', 'delivered', 'read', 'failed'];

/**
 * The owner's operations page (docs/console.md): each template language's state as Meta reported it, the
 * Flow's health, the jobs that failed (with Retry), and today's messages by state.
 */
export function OperationsPage() {
  const { t, api, changes, catalog } = useScope();
  const zone = catalog.locations[0]?.timeZone ?? 'UTC';
  const [data, setData] = useState<OperationsData | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [retried, setRetried] = useState<number | undefined>();
  const [refresh, setRefresh] = useState(0);
  useEffect(() => {
    void api
      .get<OperationsData>('/api/operations')
      .then((r) => {
        setData(r);
        setProblem(undefined);
      })
      .catch((error: unknown) => setProblem(problemText(t, error)));
  }, [changes, refresh]);
  const when = (iso: string) => longWhen(iso, zone, t.locale);
  const retry = async (id: number) => {
    try {
      await api.post(`/api/jobs/${id}/retry`);
      setRetried(id);
      setRefresh((n) => n + 1);
    } catch (error) {
      setProblem(problemText(t, error));
    }
  };
  return (
    <div class="operations-page">
      <h1>{t.operations}</h1>
      {problem ? (
        <p role="alert" class="error">
          {problem}
        </p>
      ) : null}
      {retried !== undefined ? (
        <p role="status" class="notice" data-testid="operations-notice">
          {t.retried(retried)}
        </p>
      ) : null}
      {!data ? (
        <p>{t.loading}</p>
      ) : (
        <>
          <section aria-labelledby="ops-templates" data-testid="ops-templates">
            <h2 id="ops-templates">{t.templates}</h2>
            {data.templates.length === 0 ? (
              <p>{t.noTemplates}</p>
            ) : (
              <div class="table-fit">
                <table class="history">
                  <thead>
                    <tr>
                      <th scope="col">{t.template}</th>
                      <th scope="col">{t.templateLanguage}</th>
                      <th scope="col">{t.state}</th>
                      <th scope="col">{t.reason}</th>
                      <th scope="col">{t.sendable}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.templates.map((row) => (
                      <tr data-template={`${row.name}/${row.language}`} class={row.sendable ? undefined : 'unsendable'}>
                        <td>{row.name}</td>
                        <td>{row.language}</td>
                        <td>{row.status ?? '–'}</td>
                        <td>{row.reason ?? ''}</td>
                        <td>{row.sendable ? t.yes : t.no}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="ops-flow" data-testid="ops-flow">
            <h2 id="ops-flow">{t.flowHealth}</h2>
            {data.flow.flowId ? <p>{t.flowSendableNow(data.flow.flowId, data.flow.sendable)}</p> : null}
            {data.flow.flows.length === 0 ? (
              <p>{t.noFlowReports}</p>
            ) : (
              <ul>
                {data.flow.flows.map((f) => (
                  <li>
                    <strong>{f.flowId}</strong>: {f.status} ({t.since} {when(f.updatedAt)})
                  </li>
                ))}
              </ul>
            )}
            {data.flow.alerts.length > 0 ? (
              <>
                <h3>{t.latestAlerts}</h3>
                <ul>
                  {data.flow.alerts.slice(0, 5).map((a) => (
                    <li>
                      {when(a.receivedAt)}: {a.event}
                      {a.alertState ? ` (${a.alertState})` : ''}
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
          <section aria-labelledby="ops-jobs" data-testid="ops-jobs">
            <h2 id="ops-jobs">{t.failedJobs}</h2>
            {data.failedJobs.length === 0 ? (
              <p>{t.noFailedJobs}</p>
            ) : (
              <div class="table-fit">
                <table class="history">
                  <thead>
                    <tr>
                      <th scope="col">{t.job}</th>
                      <th scope="col">{t.attempts}</th>
                      <th scope="col">{t.lastError}</th>
                      <th scope="col">{t.since}</th>
                      <th scope="col">
                        <span class="visually-hidden">{t.retry}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.failedJobs.map((job) => (
                      <tr data-job={job.id}>
                        <td>
                          {job.name} #{job.id}
                        </td>
                        <td>
                          {job.attempts}/{job.maxAttempts}
                        </td>
                        <td class="error-text">{job.lastError?.message ?? job.lastError?.code ?? ''}</td>
                        <td>{when(job.updatedAt)}</td>
                        <td>
                          <button
                            type="button"
                            data-testid={`retry-${job.id}`}
                            aria-label={`${t.retry}: ${job.name} #${job.id}`}
                            onClick={() => void retry(job.id)}
                          >
                            {t.retry}
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section aria-labelledby="ops-messages" data-testid="ops-messages">
            <h2 id="ops-messages">
              {t.messagesToday(data.messagesToday.date, data.messagesToday.zone.replace(/_/g, ' '))}
            </h2>
            <table class="history numbers">
              <tbody>
                {STATES.map((s) => (
                  <tr data-key={s}>
                    <th scope="row">{t.messageStates[s]}</th>
                    <td>{data.messagesToday.byState[s]}</td>
                  </tr>
                ))}
                <tr data-key="total">
                  <th scope="row">{t.total}</th>
                  <td>{data.messagesToday.total}</td>
                </tr>
              </tbody>
            </table>
          </section>
        </>
      )}
    </div>
  );
}
