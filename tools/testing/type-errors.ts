// Moved to @taskgate/testing (libs/testing/src/type-tests/type-errors.ts). Kept for
// libs/client/src/typed-client.types.spec.ts, which imports it by this path until the client's
// restructure lands; then import `typeErrorsOf` from '@taskgate/testing' there and delete this file.
export { typeErrorsOf } from '../../libs/testing/src/type-tests/type-errors';
