// The workspace's `taskgate-types`: the command @taskgate/nest ships as a bin, run from its
// TypeScript sources (no build needed), for the Nx targets that generate and check the committed
// task maps: `node tools/scripts/taskgate-types.cjs -p <tsconfig> -o <file> [--name N] [--check]`.
require('./register-ts.cjs');
require('../../libs/nest/src/codegen/command/taskgate-types.bin.ts');
