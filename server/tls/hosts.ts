// The names and addresses the generated server certificate covers: this machine's host name, the loopback names,
// every non-internal address of its network interfaces, and the administrator's extra names (TLS_HOSTS). A client
// reaching the server by any of them sees a certificate that names it.
import { hostname, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { domainToASCII } from 'node:url';
import { ipBytes, ipText, type HostNames } from './certificates.ts';

/** A DNS name a certificate may carry: ASCII labels (IDNs in punycode), an optional leading wildcard label. */
const DNS_NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Sorts names and addresses into the two kinds, canonical and without duplicates; anything else is reported. */
export function classifyHosts(values: readonly string[]): HostNames & { invalid: string[] } {
  const dns = new Set<string>();
  const ips = new Set<string>();
  const invalid: string[] = [];
  for (const raw of values) {
    const value = raw.trim().replace(/^\[(.*)\]$/, '$1');
    if (value === '') continue;
    // Link-local IPv6 addresses may come with a zone ("fe80::1%eth0"); certificates carry the address alone.
    const address = value.replace(/%.*$/, '');
    if (isIP(address) !== 0) {
      ips.add(ipText(ipBytes(address)));
      continue;
    }
    const ascii = domainToASCII(value.toLowerCase().replace(/\.$/, ''));
    if (ascii.length > 0 && ascii.length <= 253 && DNS_NAME.test(ascii)) dns.add(ascii);
    else invalid.push(raw);
  }
  return { dns: [...dns].sort(), ips: [...ips].sort(), invalid };
}

/** This machine's names and addresses as seen now (interfaces that are down are not listed by the OS). */
export function detectedHosts(): string[] {
  const out = [hostname(), 'localhost', '127.0.0.1', '::1'];
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (!address.internal) out.push(address.address);
  }
  return out;
}

/** The detected names plus TLS_HOSTS; a TLS_HOSTS entry that is no name or address stops the start. */
export function certificateHosts(
  extraHosts: readonly string[],
  detected: readonly string[] = detectedHosts(),
): HostNames {
  const extra = classifyHosts(extraHosts);
  if (extra.invalid.length > 0)
    throw new Error(`TLS_HOSTS: not a host name or IP address: ${extra.invalid.join(', ')}`);
  // A host name the OS reports that cannot go into a certificate (a space, an underscore) is left out, not fatal.
  const all = classifyHosts([...detected, ...extraHosts]);
  return { dns: all.dns, ips: all.ips };
}

export function sameHosts(a: HostNames, b: HostNames): boolean {
  const key = (h: HostNames) => JSON.stringify([[...h.dns].sort(), [...h.ips].sort()]);
  return key(a) === key(b);
}
