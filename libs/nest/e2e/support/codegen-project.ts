import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

const repo = resolve(__dirname, '..', '..', '..', '..');

/** A TypeScript project on disk, as a user's Nest app has one, for the task map generator to read. */
export interface CodegenProject {
  dir: string;
  /** Absolute path of a file of the project. */
  path(file: string): string;
  write(file: string, text: string): void;
  remove(): void;
}

export interface CodegenProjectOptions {
  /** Over the tsconfig's defaults. */
  compilerOptions?: Record<string, unknown>;
  /** Link the workspace's node_modules (default true); without, only `paths` resolve packages. */
  nodeModules?: boolean;
}

/**
 * Writes a project into a fresh temporary folder: `files` (paths relative to it), a tsconfig.json
 * as `nest new` writes it (legacy decorators, strict), `node_modules` linked to the workspace's
 * and `@taskgate/*` mapped to their sources, as this monorepo maps them. Never write into its
 * `node_modules`: it is the workspace's.
 */
export function codegenProject(files: Record<string, string>, options: CodegenProjectOptions = {}): CodegenProject {
  const dir = mkdtempSync(join(tmpdir(), 'taskgate-codegen-'));
  if (options.nodeModules !== false) symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const project: CodegenProject = {
    dir,
    path: (file) => join(dir, file),
    write: (file, text) => {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  const lib = (name: string) => [join(repo, 'libs', name, 'src', 'index.ts')];
  project.write(
    'tsconfig.json',
    JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'esnext',
          moduleResolution: 'bundler',
          strict: true,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          skipLibCheck: true,
          noEmit: true,
          types: [],
          paths: { '@taskgate/nest': lib('nest'), '@taskgate/protocol': lib('protocol'), '@taskgate/client': lib('client') },
          ...options.compilerOptions,
        },
        include: ['src'],
      },
      null,
      2,
    ),
  );
  for (const [file, text] of Object.entries(files)) project.write(file, text);
  return project;
}
