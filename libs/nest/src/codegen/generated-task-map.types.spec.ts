import { join } from 'node:path';
import { typeErrorsOf } from '@taskgate/testing';

describe('a client typed by a generated task map (compile-time)', () => {
  it('accepts the @TaskFunction() methods under their task names, with their args and results, and nothing else', () => {
    // An unused @ts-expect-error shows up here as "Unused '@ts-expect-error' directive".
    expect(typeErrorsOf(join(__dirname, 'generated-task-map.test-d.ts'), join(__dirname, '../../tsconfig.json'))).toEqual([]);
  }, 60_000);
});
