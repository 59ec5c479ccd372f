/** @jest-environment node */
import { join } from 'node:path';
import ts from 'typescript';

describe('useTask types (use-task.test-d.ts)', () => {
  it('accept the registered task names and args, and reject wrong ones', () => {
    const file = join(__dirname, 'use-task.test-d.ts');
    const config = ts.getParsedCommandLineOfConfigFile(join(__dirname, '../tsconfig.json'), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    })!;
    const program = ts.createProgram({ rootNames: [file], options: config.options });

    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));

    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  }, 60_000);
});

function formatDiagnostic(diagnostic: ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${diagnostic.file.fileName}:${line + 1}:${character + 1} ${message}`;
}
