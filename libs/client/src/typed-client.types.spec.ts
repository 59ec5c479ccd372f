import { join } from 'node:path';
import ts from 'typescript';

describe('typed client (compile-time)', () => {
  it('accepts right task names, args and results, and rejects every wrong one', () => {
    const root = join(__dirname, '..', '..', '..');
    const configFile = ts.readConfigFile(join(root, 'libs/client/tsconfig.json'), ts.sys.readFile);
    const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, join(root, 'libs/client'));
    const program = ts.createProgram([join(__dirname, 'typed-client.test-d.ts')], { ...parsed.options, noEmit: true });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    // Unused @ts-expect-error lines would show up here as "Unused '@ts-expect-error' directive".
    expect(diagnostics).toEqual([]);
  }, 60_000);
});
