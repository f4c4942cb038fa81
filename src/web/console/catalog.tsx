import { useEffect, useRef, useState } from 'preact/hooks';
import { ConsoleApiError } from './api.ts';
import { problemText } from './booking.tsx';
import { mergeDraft, setIn, type CatalogDoc, type Path, type Problems } from './catalog-doc.ts';
import { LocationsSection, RulesSection, ServicesSection, StaffSection } from './catalog-sections.tsx';
import { routeHash, useScope } from './context.ts';
import type { ConsoleStrings } from './strings.ts';
import { localDate, longWhen } from './time.ts';

interface Change {
  path: string;
  before?: unknown;
  after?: unknown;
}
interface Revision {
  id: number;
  basedOn: number;
  author: string;
  source: 'file' | 'console' | 'api';
  createdAt: string;
  changes: Change[];
}
interface Outside {
  reason: string;
  id: string;
  locationId: string;
  serviceId: string;
  staffId: string | null;
  start: string;
  name: string | null;
}

type Section = 'hours' | 'services' | 'staff' | 'rules' | 'history';

/**
 * The catalog editor (owners): opening hours, closures, special days and capacities per location,
 * services, staff, and the booking rules. The whole catalog is saved at once and validated by the
 * server; a refused save marks each field it names. Saved changes are offered in the Flow at once,
 * the audit log says who changed what, and bookings the new catalog no longer fits are listed here.
 */
export function CatalogEditor() {
  const { t, api, changes } = useScope();
  const [saved, setSaved] = useState<{ revision: number; document: CatalogDoc } | undefined>();
  const [draft, setDraft] = useState<CatalogDoc | undefined>();
  const [problems, setProblems] = useState<Problems>(new Map());
  const [notice, setNotice] = useState<string | undefined>();
  const [failure, setFailure] = useState<string | undefined>();
  const [outside, setOutside] = useState<Outside[]>([]);
  const [section, setSection] = useState<Section>('hours');
  const dirty = saved !== undefined && draft !== undefined && JSON.stringify(saved.document) !== JSON.stringify(draft);

  // The document the draft started from: a load that answers after the first edit leaves the edit alone.
  const base = useRef<CatalogDoc | undefined>();
  const latest = useRef(draft);
  latest.current = draft;
  const load = async (force = false) => {
    const current = await api.get<{ revision: number; document: CatalogDoc }>('/api/catalog/document');
    if (!force && latest.current !== undefined && latest.current !== base.current) return;
    base.current = current.document;
    setSaved(current);
    setDraft(current.document);
    setProblems(new Map());
  };
  useEffect(() => {
    // Someone else's change shows at once, unless this draft has edits of its own (a save then says so).
    if (!dirty) void load();
    void api.get<{ bookings: Outside[] }>('/api/catalog/outside').then((r) => setOutside(r.bookings));
  }, [changes]);
  if (!saved || !draft) return <p>{t.loading}</p>;

  const edit = (path: Path, value: unknown) => {
    setDraft((d) => setIn(d!, path, value));
    setNotice(undefined);
  };
  const save = async (event: Event) => {
    event.preventDefault();
    setFailure(undefined);
    try {
      const result = await api.put<{ revision: number; changes: Change[]; outside: Outside[] }>(
        '/api/catalog/document',
        {
          revision: saved.revision,
          document: draft,
        },
      );
      await load(true);
      setOutside(result.outside);
      setNotice(t.catalog.saved(result.changes.length));
    } catch (error) {
      if (error instanceof ConsoleApiError && error.error.code === 'FB_CATALOG_INVALID') {
        const list = (error.error.details?.problems ?? []) as Array<{ path: string; message: string }>;
        setProblems(new Map(list.map((p) => [p.path, p.message])));
        setFailure(t.catalog.invalid(list.length));
      } else if (error instanceof ConsoleApiError && error.error.code === 'FB_CATALOG_STALE') {
        // Someone else saved meanwhile: this page's edits go on top of their version, to check and save again.
        const newest = await api.get<{ revision: number; document: CatalogDoc }>('/api/catalog/document');
        const merged = mergeDraft(saved.document, draft, newest.document);
        base.current = newest.document;
        setSaved(newest);
        setDraft(merged);
        setFailure(t.catalog.stale);
      } else setFailure(problemText(t, error));
    }
  };
  const field = { draft, saved: saved.document, problems, edit };
  const tabs: Array<[Section, string]> = [
    ['hours', t.catalog.locations],
    ['services', t.catalog.services],
    ['staff', t.catalog.staff],
    ['rules', t.catalog.rules],
    ['history', t.catalog.history],
  ];
  return (
    <section class="catalog" data-testid="catalog" aria-labelledby="catalog-title">
      <header class="catalog-head">
        <h1 id="catalog-title">{t.catalog.title}</h1>
        <span class="revision" data-testid="catalog-revision">
          {t.catalog.revision(saved.revision)}
        </span>
        <a href="/api/catalog/export" download data-testid="catalog-export">
          {t.catalog.export}
        </a>
      </header>
      <OutsideList bookings={outside} />
      <div class="tabs" role="tablist" aria-label={t.catalog.title}>
        {tabs.map(([id, label]) => (
          <button
            type="button"
            role="tab"
            id={`tab-${id}`}
            aria-selected={section === id}
            aria-controls="catalog-panel"
            data-testid={`catalog-tab-${id}`}
            onClick={() => setSection(id)}
          >
            {label}
          </button>
        ))}
      </div>
      <form id="catalog-panel" role="tabpanel" aria-labelledby={`tab-${section}`} onSubmit={save} noValidate>
        {section === 'hours' ? <LocationsSection {...field} /> : null}
        {section === 'services' ? <ServicesSection {...field} /> : null}
        {section === 'staff' ? <StaffSection {...field} /> : null}
        {section === 'rules' ? <RulesSection {...field} /> : null}
        {section === 'history' ? <HistorySection /> : null}
        {section === 'history' ? null : (
          <div class="save-bar">
            <button type="submit" class="primary" data-testid="catalog-save" disabled={!dirty}>
              {t.catalog.save}
            </button>
            <button type="button" data-testid="catalog-discard" disabled={!dirty} onClick={() => void load(true)}>
              {t.catalog.discard}
            </button>
            <span role="status" data-testid="catalog-notice">
              {notice}
            </span>
            {failure ? (
              <p role="alert" class="problem" data-testid="catalog-problem">
                {failure}
              </p>
            ) : null}
          </div>
        )}
      </form>
    </section>
  );
}

/** The audit log: who changed the catalog, when, and each change from → to. */
function HistorySection() {
  const { t, api, changes, catalog } = useScope();
  const [revisions, setRevisions] = useState<Revision[] | undefined>();
  const zone = catalog.locations[0]?.timeZone ?? 'UTC';
  useEffect(() => {
    void api.get<{ revisions: Revision[] }>('/api/catalog/revisions').then((r) => setRevisions(r.revisions));
  }, [changes]);
  if (!revisions) return <p>{t.loading}</p>;
  return (
    <ol class="history" data-testid="catalog-history" reversed>
      {revisions.map((r) => (
        <li data-testid={`revision-${r.id}`}>
          <p>
            <strong>{t.catalog.revision(r.id)}</strong> · {longWhen(r.createdAt, zone, t.locale)} ·{' '}
            <span data-testid={`revision-${r.id}-author`}>{r.author}</span> · {t.catalog.sources[r.source]}
          </p>
          {r.changes.length === 0 ? (
            <p class="muted">{r.basedOn === 0 ? t.catalog.seeded : t.catalog.noChanges}</p>
          ) : (
            <ul>
              {r.changes.map((c) => (
                <li>
                  <code>{c.path}</code>: {changeText(t, c)}
                </li>
              ))}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

function changeText(t: ConsoleStrings, c: Change): string {
  const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));
  if (c.before === undefined) return t.catalog.added(show(c.after));
  if (c.after === undefined) return t.catalog.removed(show(c.before));
  return `${show(c.before)} → ${show(c.after)}`;
}

/** Upcoming bookings the catalog no longer fits: a person decides (open, then move or cancel); nothing moved them. */
function OutsideList(props: { bookings: Outside[] }) {
  const { t, catalog, title } = useScope();
  if (props.bookings.length === 0) return null;
  return (
    <section class="outside" data-testid="catalog-outside" aria-labelledby="outside-title">
      <h2 id="outside-title">{t.catalog.outsideTitle(props.bookings.length)}</h2>
      <p class="muted">{t.catalog.outsideHint}</p>
      <ul>
        {props.bookings.map((b) => {
          const place = catalog.locations.find((l) => l.id === b.locationId);
          const zone = place?.timeZone ?? 'UTC';
          return (
            <li data-testid={`outside-${b.id}`}>
              <a
                href={routeHash({ view: 'day', location: b.locationId, date: localDate(b.start, zone), booking: b.id })}
              >
                {longWhen(b.start, zone, t.locale)} · {b.name ?? '—'} · {place ? title(place.title) : b.locationId}
              </a>{' '}
              — {t.catalog.reasons[b.reason as keyof ConsoleStrings['catalog']['reasons']] ?? b.reason}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
