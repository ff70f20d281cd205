// Directory sign-in settings (docs/ldap.md) from environment variables. No LDAP_URL: directory sign-in is off.
// A setting that cannot work (a template without {username}, a service account without a password, an unreadable
// CA file) stops the server at start rather than turning every later sign-in into a puzzling refusal.
import { readFileSync } from 'node:fs';

export const DEFAULT_LDAP_SEARCH_FILTER = '(|(uid={username})(sAMAccountName={username}))';

export interface LdapSearchConfig {
  /** Where people are looked up, e.g. `ou=people,dc=example,dc=vn`. */
  base: string;
  /** An RFC 4515 filter in which `{username}` stands for the escaped username. */
  filter: string;
  /** The service account that may search; null: search anonymously. */
  bindDn: string | null;
  bindPassword: string | null;
}

export interface LdapConfig {
  /** `ldap://host:port` or `ldaps://host:port`. */
  url: string;
  /**
   * Direct bind: the bind name with `{username}` in it, a DN (`uid={username},ou=people,dc=example,dc=vn`) or an
   * Active Directory user principal name (`{username}@agency.gov.vn`). Null: search for the person, then bind.
   */
  bindDnTemplate: string | null;
  /** Required without a bind template; with one, used (as the person just signed in) to read name and e-mail. */
  search: LdapSearchConfig | null;
  /** The whole sign-in (connect, binds, search) must finish within this, or the directory counts as unavailable. */
  timeoutMs: number;
  /** PEM of the certificate authorities an ldaps server must chain to; null: Node's built-in list. */
  ca: Buffer | null;
  attributes: {
    /** Display name; `cn` when the entry lacks it. */
    name: string;
    email: string;
  };
}

const ATTRIBUTE_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;

function attribute(env: NodeJS.ProcessEnv, key: string, fallback: string): string {
  const value = env[key]?.trim() || fallback;
  if (!ATTRIBUTE_NAME.test(value)) throw new Error(`${key} must be an attribute name, got "${value}"`);
  return value;
}

function timeout(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 5000;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`LDAP_TIMEOUT_MS must be a positive integer, got "${value}"`);
  return n;
}

function withUsername(key: string, value: string): string {
  if (!value.includes('{username}')) throw new Error(`${key} must contain {username}, got "${value}"`);
  return value;
}

function searchConfig(env: NodeJS.ProcessEnv): LdapSearchConfig | null {
  const base = env.LDAP_SEARCH_BASE?.trim();
  if (!base) return null;
  const bindDn = env.LDAP_SEARCH_BIND_DN?.trim() || null;
  const bindPassword = env.LDAP_SEARCH_BIND_PASSWORD || null;
  // A DN with an empty password is an LDAP "unauthenticated bind": it succeeds and searches as nobody.
  if (bindDn && !bindPassword) throw new Error('LDAP_SEARCH_BIND_DN needs LDAP_SEARCH_BIND_PASSWORD');
  if (!bindDn && bindPassword) throw new Error('LDAP_SEARCH_BIND_PASSWORD needs LDAP_SEARCH_BIND_DN');
  return {
    base,
    filter: withUsername('LDAP_SEARCH_FILTER', env.LDAP_SEARCH_FILTER?.trim() || DEFAULT_LDAP_SEARCH_FILTER),
    bindDn,
    bindPassword,
  };
}

/** The directory settings, or null when LDAP_URL is unset (directory sign-in off). Throws on settings that cannot work. */
export function loadLdapConfig(env: NodeJS.ProcessEnv): LdapConfig | null {
  const url = env.LDAP_URL?.trim();
  if (!url) return null;
  if (!/^ldaps?:\/\/[^/?#\s]+\/?$/i.test(url)) {
    throw new Error(`LDAP_URL must be ldap://host[:port] or ldaps://host[:port], got "${url}"`);
  }
  const secure = url.toLowerCase().startsWith('ldaps://');
  const template = env.LDAP_BIND_DN?.trim() || null;
  const search = searchConfig(env);
  if (!template && !search) throw new Error('LDAP_URL needs LDAP_BIND_DN or LDAP_SEARCH_BASE');
  const caFile = env.LDAP_CA_FILE?.trim() || null;
  if (caFile && !secure) throw new Error('LDAP_CA_FILE is for ldaps:// URLs; LDAP_URL is plain ldap://');
  let ca: Buffer | null = null;
  if (caFile) {
    try {
      ca = readFileSync(caFile);
    } catch (error) {
      throw new Error(`LDAP_CA_FILE: cannot read "${caFile}": ${(error as Error).message}`);
    }
  }
  return {
    url: url.replace(/\/$/, ''),
    bindDnTemplate: template ? withUsername('LDAP_BIND_DN', template) : null,
    search,
    timeoutMs: timeout(env.LDAP_TIMEOUT_MS),
    ca,
    attributes: {
      name: attribute(env, 'LDAP_ATTR_NAME', 'displayName'),
      email: attribute(env, 'LDAP_ATTR_EMAIL', 'mail'),
    },
  };
}
