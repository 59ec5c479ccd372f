import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ValidationIssue } from '@taskgate/protocol';

/** Outcome of validating a value against a Standard Schema. */
export type SchemaOutcome = { ok: true; value: unknown } | { ok: false; issues: ValidationIssue[] };

/** True when `value` implements the Standard Schema interface (zod, valibot, arktype...). */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  const standard = (value as { '~standard'?: { version?: unknown; validate?: unknown } } | null)?.['~standard'];
  return typeof standard === 'object' && standard !== null && standard.version === 1 && typeof standard.validate === 'function';
}

/** Validates `value` with any Standard Schema validator; issues carry a path and a message. */
export async function validateWithSchema(schema: StandardSchemaV1, value: unknown): Promise<SchemaOutcome> {
  let result = schema['~standard'].validate(value);
  if (result instanceof Promise) result = await result;
  if (!result.issues) return { ok: true, value: result.value };
  return {
    ok: false,
    issues: result.issues.map((issue) => ({
      path: (issue.path ?? []).map((segment) => {
        const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
        return typeof key === 'number' ? key : String(key);
      }),
      message: issue.message,
    })),
  };
}
