import { join } from 'node:path';
import { typeErrorsOf } from '@taskgate/testing';

describe('typed client (compile-time)', () => {
  it('accepts right task names, args and results, and rejects every wrong one', () => {
    // An unused @ts-expect-error shows up here as "Unused '@ts-expect-error' directive".
    expect(typeErrorsOf(join(__dirname, 'typed-client.test-d.ts'), join(__dirname, '../tsconfig.json'))).toEqual([]);
  }, 60_000);
});
