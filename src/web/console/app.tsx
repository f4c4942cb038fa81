import { useEffect, useMemo, useState } from 'preact/hooks';
import { call } from '../api.ts';
import { AgendaView } from './agenda.tsx';
import { CatalogEditor } from './catalog.tsx';
import { consoleApi, titleOf, type CatalogView, type Me } from './api.ts';
import { parseRoute, routeHash, Scope, type ConsoleScope, type Route } from './context.ts';
import { CustomersView } from './customers.tsx';
import { InsightsView } from './insights.tsx';
import { OperationsBanner } from './operations.tsx';
import { OperationsPage } from './operations-page.tsx';
import { CONSOLE_LANGUAGES, consoleLanguage, LANGUAGE_NAMES, type ConsoleLanguage } from './strings.ts';
import { todayAt } from './time.ts';
import { NewBooking } from './walk-in.tsx';

const LANGUAGE_KEY = 'flowbook.console.language';

/**
 * The business console at `/console` (docs/console.md): sign-in, then the agenda of a location by day
 * or week, a booking's actions, walk-ins and phone bookings, and customers. Routes live in the hash.
 */
export function ConsoleApp() {
  const [language, setLanguage] = useState<ConsoleLanguage>(
    consoleLanguage(localStorage.getItem(LANGUAGE_KEY) ?? navigator.language),
  );
  const t = CONSOLE_LANGUAGES[language];
  const [me, setMe] = useState<Me | null | undefined>();
  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = t.dir;
    document.title = `${t.console} · flowbook`;
    localStorage.setItem(LANGUAGE_KEY, language);
  }, [language]);
  useEffect(() => {
    void call<Me>('GET', '/console/api/me').then((r) => setMe(r.status === 200 ? r.body : null));
  }, []);
  const switcher = (
    <label class="language">
      {t.language}{' '}
      <select
        data-testid="console-language"
        value={language}
        onChange={(e) => setLanguage(e.currentTarget.value as ConsoleLanguage)}
      >
        {Object.entries(LANGUAGE_NAMES).map(([code, name]) => (
          <option value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </label>
  );
  if (me === undefined) return <main class="console-loading">{t.loading}</main>;
  if (me === null) return <SignIn language={language} onSignedIn={setMe} switcher={switcher} />;
  return <SignedIn me={me} setMe={setMe} language={language} switcher={switcher} />;
}

function SignIn(props: { language: ConsoleLanguage; onSignedIn: (me: Me) => void; switcher: preact.JSX.Element }) {
  const t = CONSOLE_LANGUAGES[props.language];
  const [error, setError] = useState<string | undefined>();
  return (
    <main class="console-signin">
      <form
        data-testid="signin"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const field = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
          const r = await call<Me & { error?: { message: string } }>('POST', '/console/api/login', {
            username: field('username'),
            password: field('password'),
          });
          if (r.status === 200) props.onSignedIn(r.body);
          else setError(r.body.error?.message ?? `HTTP ${r.status}`);
        }}
      >
        <h1>flowbook · {t.console}</h1>
        <label>
          {t.username}
          <input name="username" autocomplete="username" required data-testid="signin-username" />
        </label>
        <label>
          {t.password}
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            data-testid="signin-password"
          />
        </label>
        {error ? (
          <p role="alert" class="error" data-testid="signin-error">
            {t.failed} {error}
          </p>
        ) : null}
        <button type="submit" class="primary">
          {t.signIn}
        </button>
        {props.switcher}
      </form>
    </main>
  );
}

function SignedIn(props: {
  me: Me;
  setMe: (me: Me | null) => void;
  language: ConsoleLanguage;
  switcher: preact.JSX.Element;
}) {
  const { me, language } = props;
  const t = CONSOLE_LANGUAGES[language];
  const api = useMemo(() => consoleApi(me, props.setMe), [me.user.username]);
  const [catalog, setCatalog] = useState<CatalogView | undefined>();
  const [hash, setHash] = useState(location.hash);
  const [changes, setChanges] = useState(0);
  const [live, setLive] = useState(false);
  // Refetched on every change the feed reports: an edit in the catalog editor (anyone's) shows at once.
  useEffect(() => {
    void api.get<CatalogView>('/api/catalog').then(setCatalog);
  }, [api, changes]);
  useEffect(() => {
    const onHash = () => setHash(location.hash);
    addEventListener('hashchange', onHash);
    // The live feed (src/console/changes.ts): refetch when bookings change, wherever they changed. A
    // hidden tab lets its stream go (a browser holds 6 connections per host over HTTP/1.1) and
    // refetches when shown again.
    let events: EventSource | undefined;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      clearTimeout(pending);
      pending = setTimeout(() => setChanges((n) => n + 1), 150);
    };
    const connect = () => {
      events?.close();
      events = undefined;
      setLive(false);
      if (document.hidden) return;
      events = new EventSource('/console/api/events');
      events.addEventListener('open', () => setLive(true));
      events.addEventListener('error', () => setLive(false));
      events.addEventListener('changed', changed);
    };
    const onVisibility = () => {
      connect();
      if (!document.hidden) changed();
    };
    connect();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      removeEventListener('hashchange', onHash);
      document.removeEventListener('visibilitychange', onVisibility);
      events?.close();
      clearTimeout(pending);
    };
  }, [api]);
  if (!catalog) return <main class="console-loading">{t.loading}</main>;

  const locations = catalog.locations.filter((l) => me.user.role === 'owner' || me.user.locations.includes(l.id));
  const first = locations[0];
  const parsed = parseRoute(hash);
  const fallback: Route = { view: 'day', location: first?.id ?? '', date: todayAt(first?.timeZone ?? 'UTC') };
  const resolved = resolveRoute(parsed, fallback, locations);
  // The catalog editor and the operations page are an owner's.
  const route =
    (resolved.view === 'catalog' || resolved.view === 'operations') && me.user.role !== 'owner' ? fallback : resolved;
  const scope: ConsoleScope = {
    me,
    t,
    language,
    catalog,
    api,
    changes,
    title: (x) => titleOf(x, language),
    go: (r) => {
      location.hash = routeHash(r);
    },
  };
  const agendaRoute = route.view === 'day' || route.view === 'week' || route.view === 'new' ? route : fallback;
  const owner = me.user.role === 'owner';
  return (
    <Scope.Provider value={scope}>
      <div class="console" data-testid="console">
        <header class="console-bar">
          <strong class="brand">{me.business}</strong>
          <nav aria-label={t.console}>
            <a
              href={routeHash({ ...agendaRoute, view: agendaRoute.view === 'new' ? 'day' : agendaRoute.view })}
              aria-current={route.view === 'day' || route.view === 'week' ? 'page' : undefined}
            >
              {t.agenda}
            </a>
            <a href="#/customers" aria-current={route.view === 'customers' ? 'page' : undefined}>
              {t.customers}
            </a>
            <a href="#/insights" aria-current={route.view === 'insights' ? 'page' : undefined}>
              {t.insights}
            </a>
            {owner ? (
              <a
                href="#/catalog"
                aria-current={route.view === 'catalog' ? 'page' : undefined}
                data-testid="nav-catalog"
              >
                {t.catalog.title}
              </a>
            ) : null}
            {owner ? (
              <a href="#/operations" aria-current={route.view === 'operations' ? 'page' : undefined}>
                {t.operations}
              </a>
            ) : null}
          </nav>
          <span class={`live ${live ? 'on' : 'off'}`} data-testid="live" role="status">
            {live ? t.live : t.reconnecting}
          </span>
          <span class="who" data-testid="who">
            {t.signedInAs(me.user.displayName, t.roles[me.user.role])}
          </span>
          {props.switcher}
          {me.sandbox ? null : (
            <button
              type="button"
              data-testid="signout"
              onClick={async () => {
                await api.post('/console/api/logout');
                props.setMe(null);
              }}
            >
              {t.signOut}
            </button>
          )}
        </header>
        <OperationsBanner />
        <main class="console-main">
          {route.view === 'catalog' ? (
            <CatalogEditor />
          ) : route.view === 'customers' ? (
            <CustomersView customer={route.customer} />
          ) : route.view === 'operations' ? (
            <OperationsPage />
          ) : route.view === 'insights' ? (
            <InsightsView route={route} locations={locations} />
          ) : route.view === 'new' ? (
            <NewBooking location={route.location} date={route.date} />
          ) : (
            <AgendaView route={route} locations={locations} />
          )}
        </main>
      </div>
    </Scope.Provider>
  );
}

/** The route asked, completed from the fallback, at a location the user may see. */
function resolveRoute(parsed: Partial<Route> | undefined, fallback: Route, locations: { id: string }[]): Route {
  if (parsed?.view === 'customers' || parsed?.view === 'operations' || parsed?.view === 'catalog')
    return parsed as Route;
  if (parsed?.view === 'insights') {
    const insights = parsed as Extract<Route, { view: 'insights' }>;
    // A location the user may not see is dropped: the page shows all of theirs.
    if (insights.location && !locations.some((l) => l.id === insights.location)) {
      const { location: _dropped, ...rest } = insights;
      return rest;
    }
    return insights;
  }
  if (!parsed || !('location' in parsed) || !locations.some((l) => l.id === parsed.location)) return fallback;
  return parsed as Route;
}
