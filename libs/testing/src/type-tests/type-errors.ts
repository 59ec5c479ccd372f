import type TypeScript from 'typescript';

type Compiler = typeof TypeScript;

/**
 * The compiler's errors for one type-test file (`*.test-d.ts`), compiled with a project's
 * tsconfig, one line each (`file:line:column message`). A type test passes when this is empty:
 * every line compiles and every `@ts-expect-error` marks a real error.
 */
export function typeErrorsOf(file: string, tsconfig: string): string[] {
  // Loaded here, not at the top: most specs that import @taskgate/testing never compile anything.
  const ts: Compiler = require('typescript');
  const config = ts.getParsedCommandLineOfConfigFile(
    tsconfig,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error(`Cannot read ${tsconfig}`);
  const program = ts.createProgram({ rootNames: [file], options: { ...config.options, noEmit: true } });
  return ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((diagnostic) => format(ts, diagnostic));
}

function format(ts: Compiler, diagnostic: TypeScript.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  if (!diagnostic.file || diagnostic.start === undefined) return message;
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
  return `${diagnostic.file.fileName}:${line + 1}:${character + 1} ${message}`;
}
