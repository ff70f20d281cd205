// Directory sign-in: checks a username and password against the agency's LDAP / Active Directory (docs/ldap.md).
// A wrong password and an unknown person give the same answer (null), so sign-in reveals nobody's existence; a
// directory that cannot be reached or does not answer in time is AppFailure `unavailable`, so people are told to
// wait rather than that their password is wrong.
import {
  Client,
  InvalidCredentialsError,
  ResultCodeError,
  SASL_MECHANISMS,
  type Entry,
  type SearchOptions,
  type SearchResult,
} from 'ldapts';
import { AppFailure } from '../../common/errors.ts';
import type { LdapConfig } from './ldapConfig.ts';

export interface LdapUser {
  /** The username as signed in with, in lower case (directory names match regardless of case). */
  username: string;
  /** The entry's display name attribute, else its `cn`, else the username. */
  displayName: string;
  email: string | null;
  /** The entry's DN; the bind name itself when the entry could not be read (e.g. an AD principal name bind). */
  dn: string;
}

export const LDAP_USERNAME_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** Longer passwords are refused unsent: no directory needs them, and they make a cheap way to load it. */
const MAX_PASSWORD_LENGTH = 1024;

/** RFC 4515 escaping of a value placed inside a search filter: `*`, `(`, `)`, `\` and NUL become `\xx`. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[*()\\\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** The configured search filter for one username (escaped, although the username pattern leaves nothing to escape). */
export function searchFilterFor(filterTemplate: string, username: string): string {
  return filterTemplate.replaceAll('{username}', escapeFilterValue(username));
}

/**
 * The directory person for `username` + `password`, or null when either is wrong (or not acceptable at all: an
 * empty password, a username outside LDAP_USERNAME_PATTERN). Throws AppFailure `unavailable` when the directory
 * cannot be reached, does not answer within `config.timeoutMs`, or refuses the service account.
 */
export async function authenticate(config: LdapConfig, username: string, password: string): Promise<LdapUser | null> {
  // An empty password would make a simple bind "unauthenticated", which many servers accept as success.
  if (typeof password !== 'string' || password === '' || password.length > MAX_PASSWORD_LENGTH) return null;
  if (typeof username !== 'string' || !LDAP_USERNAME_PATTERN.test(username)) return null;
  const session = new Session(config);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new AppFailure('unavailable', `directory ${config.url} did not answer within ${config.timeoutMs} ms`)),
      config.timeoutMs,
    );
  });
  try {
    const work = config.bindDnTemplate
      ? bindThenRead(session, config, config.bindDnTemplate, username, password)
      : searchThenBind(session, config, username, password);
    return await Promise.race([work, deadline]);
  } catch (error) {
    throw asUnavailable(config, error);
  } finally {
    clearTimeout(timer);
    await session.close();
  }
}

/**
 * One sign-in's connection. Once closed (the deadline passed) it refuses further operations: the sign-in still
 * running would otherwise reconnect for its next step and leave that connection open.
 */
class Session {
  readonly #client: Client;
  #closed = false;
  constructor(config: LdapConfig) {
    this.#client = new Client({
      url: config.url,
      timeout: config.timeoutMs,
      connectTimeout: config.timeoutMs,
      ...(config.ca ? { tlsOptions: { ca: config.ca } } : {}),
    });
  }
  bind(name: string, password: string): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('sign-in abandoned'));
    return this.#client.bind(name, password);
  }
  search(base: string, options: SearchOptions): Promise<SearchResult> {
    if (this.#closed) return Promise.reject(new Error('sign-in abandoned'));
    return this.#client.search(base, options);
  }
  async close(): Promise<void> {
    this.#closed = true;
    // Closes the socket even when the server hangs: ldapts destroys it once the unbind request is written.
    await this.#client.unbind().catch(() => undefined);
  }
}

/** Direct bind with the template, then (as that person) read the entry for name and e-mail. */
async function bindThenRead(
  session: Session,
  config: LdapConfig,
  template: string,
  username: string,
  password: string,
): Promise<LdapUser | null> {
  const bindName = template.replaceAll('{username}', username);
  // ldapts takes a bind name equal to a SASL mechanism's for a SASL bind; a template of just {username} could do so.
  if ((SASL_MECHANISMS as readonly string[]).includes(bindName)) return null;
  if (!(await bindAs(session, bindName, password))) return null;
  let entry: Entry | undefined;
  if (config.search) {
    entry = await findOne(session, config, username);
  } else if (bindName.includes('=')) {
    entry = (await session.search(bindName, { scope: 'base', attributes: wanted(config), sizeLimit: 1 }))
      .searchEntries[0];
  }
  return toUser(config, username, entry, bindName);
}

/** Search (as the service account, or anonymously) for exactly one entry, then bind as it. */
async function searchThenBind(
  session: Session,
  config: LdapConfig,
  username: string,
  password: string,
): Promise<LdapUser | null> {
  const search = config.search;
  if (!search) return null;
  if (search.bindDn && search.bindPassword) {
    try {
      await session.bind(search.bindDn, search.bindPassword);
    } catch (error) {
      throw new AppFailure('unavailable', `directory refused the search account ${search.bindDn}: ${describe(error)}`);
    }
  }
  const entry = await findOne(session, config, username);
  if (!entry) {
    // Bind once anyway, as nobody, so that an unknown name costs about as long as a wrong password.
    await bindAs(session, `cn=phonghop-unknown-person,${search.base}`, password);
    return null;
  }
  if (!(await bindAs(session, entry.dn, password))) return null;
  return toUser(config, username, entry, entry.dn);
}

/** True when the bind succeeded, false on wrong credentials; anything else propagates. */
async function bindAs(session: Session, name: string, password: string): Promise<boolean> {
  try {
    await session.bind(name, password);
    return true;
  } catch (error) {
    if (error instanceof InvalidCredentialsError) return false;
    throw error;
  }
}

/** The single entry the filter finds; none when it finds none or (ambiguously) several. */
async function findOne(session: Session, config: LdapConfig, username: string): Promise<Entry | undefined> {
  const search = config.search;
  if (!search) return undefined;
  const { searchEntries } = await session.search(search.base, {
    scope: 'sub',
    filter: searchFilterFor(search.filter, username),
    attributes: wanted(config),
    // Two are enough to know the name is ambiguous.
    sizeLimit: 2,
  });
  return searchEntries.length === 1 ? searchEntries[0] : undefined;
}

function wanted(config: LdapConfig): string[] {
  return [...new Set([config.attributes.name, 'cn', config.attributes.email])];
}

function firstText(entry: Entry | undefined, attribute: string): string | null {
  if (!entry) return null;
  // Attribute names are case-insensitive; ldapts keys entries by the name the server sent.
  const key = Object.keys(entry).find((k) => k.toLowerCase() === attribute.toLowerCase());
  const value = key === undefined ? undefined : entry[key];
  const first = Array.isArray(value) ? value[0] : value;
  const text = typeof first === 'string' ? first : first instanceof Buffer ? first.toString('utf8') : '';
  return text.trim() || null;
}

function toUser(config: LdapConfig, username: string, entry: Entry | undefined, bindName: string): LdapUser {
  return {
    username: username.toLowerCase(),
    displayName: firstText(entry, config.attributes.name) ?? firstText(entry, 'cn') ?? username,
    email: firstText(entry, config.attributes.email),
    dn: entry?.dn ?? bindName,
  };
}

function describe(error: unknown): string {
  if (error instanceof ResultCodeError) return `${error.name} (${error.code}): ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Every failure talking to the directory (socket, TLS, timeout, an unexpected result code) is `unavailable`. */
function asUnavailable(config: LdapConfig, error: unknown): AppFailure {
  if (error instanceof AppFailure) return error;
  return new AppFailure('unavailable', `directory ${config.url}: ${describe(error)}`);
}
