/** @jest-environment node */
import { join } from 'node:path';
import { typeErrorsOf } from '@taskgate/testing';

describe('useTask types (use-task.test-d.ts)', () => {
  it('accept the registered task names and args, and reject wrong ones', () => {
    expect(typeErrorsOf(join(__dirname, 'use-task.test-d.ts'), join(__dirname, '../tsconfig.json'))).toEqual([]);
  }, 60_000);
});
