// The app's client-side routes over history.pushState: a pure parse of the address into a `Route`, the way back
// (`hrefFor`), `navigate()`, `useRoute()` and a `Link` that navigates without reloading. The server serves
// index.html for every path it does not know, so any of these addresses can be opened directly or reloaded.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

export type AdminTab = 'units' | 'accounts' | 'import' | 'audit' | 'seal';
const ADMIN_TABS: readonly AdminTab[] = ['units', 'accounts', 'import', 'audit', 'seal'];

export type Route =
  | { name: 'home' }
  | { name: 'setup'; token: string | null }
  | { name: 'join' }
  | { name: 'verify' }
  | { name: 'meetingNew' }
  | { name: 'meetingEdit'; id: string }
  | { name: 'record'; id: string }
  | { name: 'history' }
  | { name: 'search'; q: string }
  | { name: 'admin'; tab: AdminTab }
  | { name: 'account' }
  | { name: 'notFound' };

/** The routes of the signed-in office (the join flow and first-run setup stand apart from it). */
export type OfficeRoute = Exclude<Route, { name: 'join' } | { name: 'setup' } | { name: 'verify' }>;

/** Meeting ids are opaque; anything with a slash or nothing at all is not one. */
function meetingId(segment: string | undefined): string | null {
  if (!segment) return null;
  try {
    const id = decodeURIComponent(segment);
    return id !== '' && !id.includes('/') ? id : null;
  } catch {
    return null;
  }
}

export function parseRoute(pathname: string, search: string): Route {
  const params = new URLSearchParams(search);
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const parts = path.split('/').slice(1);
  switch (parts[0]) {
    case '':
    case undefined:
      return { name: 'home' };
    case 'setup':
      return parts.length === 1 ? { name: 'setup', token: params.get('token')?.trim() || null } : { name: 'notFound' };
    case 'join':
      return parts.length === 1 ? { name: 'join' } : { name: 'notFound' };
    case 'verify':
      return parts.length === 1 ? { name: 'verify' } : { name: 'notFound' };
    case 'history':
      return parts.length === 1 ? { name: 'history' } : { name: 'notFound' };
    case 'search':
      return parts.length === 1 ? { name: 'search', q: params.get('q') ?? '' } : { name: 'notFound' };
    case 'account':
      return parts.length === 1 ? { name: 'account' } : { name: 'notFound' };
    case 'admin': {
      const tab = params.get('tab');
      return parts.length === 1
        ? { name: 'admin', tab: ADMIN_TABS.find((known) => known === tab) ?? 'accounts' }
        : { name: 'notFound' };
    }
    case 'meetings': {
      if (parts.length === 2 && parts[1] === 'new') return { name: 'meetingNew' };
      const id = meetingId(parts[1]);
      if (id === null) return { name: 'notFound' };
      if (parts.length === 2) return { name: 'record', id };
      if (parts.length === 3 && parts[2] === 'edit') return { name: 'meetingEdit', id };
      return { name: 'notFound' };
    }
    default:
      return { name: 'notFound' };
  }
}

/** The address of a route (the join flow's address carries its token and is never built here). */
export function hrefFor(route: Exclude<Route, { name: 'join' } | { name: 'notFound' }>): string {
  switch (route.name) {
    case 'home':
      return '/';
    case 'setup':
      return route.token ? `/setup?token=${encodeURIComponent(route.token)}` : '/setup';
    case 'meetingNew':
      return '/meetings/new';
    case 'meetingEdit':
      return `/meetings/${encodeURIComponent(route.id)}/edit`;
    case 'record':
      return `/meetings/${encodeURIComponent(route.id)}`;
    case 'history':
      return '/history';
    case 'search':
      return route.q ? `/search?q=${encodeURIComponent(route.q)}` : '/search';
    case 'admin':
      return `/admin?tab=${route.tab}`;
    case 'account':
      return '/account';
    case 'verify':
      return '/verify';
  }
}

// ---- the browser's address as a store ------------------------------------------------------------------------

const NAVIGATED = 'phonghop:navigate';

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATED, listener);
  };
}

const currentHref = (): string => window.location.pathname + window.location.search + window.location.hash;

/** Goes to a same-origin address without reloading the page; `replace` keeps the back button where it was. */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (href === currentHref()) return;
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATED));
  if (!options.replace && !href.includes('#')) window.scrollTo(0, 0);
}

/** The current address (path + query + hash); components re-render when it changes. */
export function useLocationHref(): string {
  return useSyncExternalStore(subscribe, currentHref);
}

export function useRoute(): Route {
  const href = useLocationHref();
  const url = new URL(href, 'http://local');
  return parseRoute(url.pathname, url.search);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** An ordinary link (open in a new tab, copy address work) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={follow} {...rest} />;
}
