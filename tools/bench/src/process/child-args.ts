/** The JSON argument the bench gave this child process. */
export function childArgs<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('This is a bench child process: start it through the bench (npm run bench)');
  return JSON.parse(raw) as T;
}
