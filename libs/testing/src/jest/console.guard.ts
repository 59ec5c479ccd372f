/**
 * Fails each spec of the enclosing block that logs to one of `methods`: React
 * reports its warnings on `console.error`, Vue on `console.warn` (`[Vue warn]`).
 */
export function failOnConsole(methods: Array<'error' | 'warn'>): void {
  let spies: jest.SpyInstance[];
  beforeEach(() => {
    spies = methods.map((method) => jest.spyOn(console, method));
  });
  afterEach(() => {
    const calls = spies.flatMap((spy) => spy.mock.calls);
    for (const spy of spies) spy.mockRestore();
    expect(calls).toEqual([]);
  });
}
