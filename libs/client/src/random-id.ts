const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/** A random id of `length` characters of `[A-Za-z0-9_-]`, from the platform's CSPRNG. */
export function randomId(length = 22): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}

/** Cheap unique ids for one client instance: a random prefix and a counter. */
export function createIdSource(): () => string {
  const prefix = randomId(10);
  let counter = 0;
  return () => `${prefix}-${(counter++).toString(36)}`;
}
