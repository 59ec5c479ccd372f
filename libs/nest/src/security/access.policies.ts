import { isIP } from 'node:net';

/** Whether a connection from `origin`, sent to `host`, is allowed. */
export type OriginPolicy = (origin: string | undefined, host: string | undefined) => boolean;

/**
 * The `allowedOrigins` policy. Requests without an `Origin` (not from a browser) are allowed:
 * the policy stops cross-site WebSocket hijacking, which needs a browser. By default the
 * `Origin` must match the `Host` the request was sent to (same origin).
 */
export function originPolicy(allowed: '*' | string[] | ((origin: string) => boolean) | undefined): OriginPolicy {
  if (allowed === '*') return () => true;
  if (typeof allowed === 'function') return (origin) => origin === undefined || allowed(origin);
  if (Array.isArray(allowed)) {
    const set = new Set(allowed.map((origin) => origin.toLowerCase().replace(/\/$/, '')));
    return (origin) => origin === undefined || set.has(origin.toLowerCase());
  }
  return (origin, host) => {
    if (origin === undefined) return true;
    try {
      return host !== undefined && new URL(origin).host.toLowerCase() === host.toLowerCase();
    } catch {
      return false;
    }
  };
}

/**
 * The `allowedHosts` policy against DNS rebinding: a rebound name is always a name, never an IP
 * address, so IP addresses pass, and so do `localhost` and its subdomains, which resolve to the
 * machine itself; any other name must be listed (`.example.com` lists a name and its subdomains).
 * A request without a `Host` header comes from no browser, and passes.
 */
export function hostPolicy(allowed: '*' | string[] | undefined): (host: string | undefined) => boolean {
  if (allowed === '*') return () => true;
  const names = (allowed ?? []).map((name) => name.toLowerCase());
  return (host) => {
    if (host === undefined) return true;
    const name = hostName(host);
    if (name === undefined) return false;
    if (isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost')) return true;
    return names.some((listed) => (listed.startsWith('.') ? name === listed.slice(1) || name.endsWith(listed) : name === listed));
  };
}

/** The name of a `Host` header without its port (`[::1]:3000` -> `::1`), lower case; undefined when malformed. */
function hostName(host: string): string | undefined {
  try {
    const { hostname } = new URL(`http://${host}`);
    return hostname.startsWith('[') ? hostname.slice(1, -1) : hostname.replace(/\.$/, '');
  } catch {
    return undefined;
  }
}
