import type { IncomingMessage } from 'node:http';
import cors, { type CorsOptions } from 'cors';
import type { ResolvedSecurityOptions } from '../options/security.options.js';

/**
 * CORS for Engine.IO's HTTP requests (polling, and the upgrade's first request), from the same
 * `allowedOrigins` policy the handshake applies: an allowed origin may send credentials; a
 * refused one may read the answers but not send credentials, so that its page gets the
 * handshake's `FORBIDDEN` (naming the option to set) instead of an opaque network error. The
 * namespace middleware refuses it either way: CORS decides what a page may read, not who connects.
 */
export function corsMiddleware(security: ResolvedSecurityOptions) {
  return cors((request: IncomingMessage, callback: (error: Error | null, options?: CorsOptions) => void) => {
    const { origin, host } = request.headers;
    if (origin === undefined) return callback(null, { origin: false });
    const allowed = security.originAllowed(origin, host) && security.hostAllowed(host);
    callback(null, { origin, credentials: allowed, methods: ['GET', 'POST'] });
  });
}
