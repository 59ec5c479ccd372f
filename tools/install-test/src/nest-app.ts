import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tarballDependencies, tarballOf } from './packages';
import { npmInstall, run, type Ran } from './scratch';

const FIXTURE = join(__dirname, '..', 'fixtures', 'nest-app');

export type ModuleSystem = 'commonjs' | 'esm';

/** What an app installs from the registry beside the tarballs: what the README tells a user to install. */
export interface NestAppVersions {
  nest: string;
  typescript: string;
  typesNode: string;
}

/**
 * The package.json of a Nest app that uses Taskgate, its dependencies as the README lists them:
 * the tarballs of @taskgate/nest and @taskgate/client stand for the registry, and an override
 * serves @taskgate/protocol (their dependency) from its tarball as the registry will.
 */
export function nestAppManifest(name: string, versions: NestAppVersions, moduleSystem: ModuleSystem): Record<string, unknown> {
  return {
    name,
    version: '0.0.1',
    private: true,
    ...(moduleSystem === 'esm' && { type: 'module' }),
    scripts: { build: 'tsc -p tsconfig.build.json', 'start:prod': 'node dist/main' },
    dependencies: {
      '@nestjs/common': versions.nest,
      '@nestjs/core': versions.nest,
      '@nestjs/platform-express': versions.nest,
      '@nestjs/platform-socket.io': versions.nest,
      '@nestjs/websockets': versions.nest,
      ...tarballDependencies('@taskgate/nest', '@taskgate/client'),
      'reflect-metadata': '^0.2.2',
      rxjs: '^7.8.1',
      'socket.io': '^4.8.0',
      zod: '^4.0.0',
    },
    devDependencies: { '@types/node': versions.typesNode, typescript: versions.typescript },
    overrides: { '@taskgate/protocol': `file:${tarballOf('@taskgate/protocol')}` },
  };
}

/**
 * The tsconfig.json `nest new` writes: `modern` is the nodenext one of Nest 11 and 12 (CommonJS
 * output without `"type"`, ESM with `"type": "module"`); `legacy` the `module: commonjs` one of
 * the apps made before Nest 11.
 */
export function nestTsconfig(style: 'modern' | 'legacy'): Record<string, unknown> {
  const common = {
    declaration: true,
    removeComments: true,
    emitDecoratorMetadata: true,
    experimentalDecorators: true,
    allowSyntheticDefaultImports: true,
    target: 'ES2023',
    sourceMap: true,
    outDir: './dist',
    incremental: true,
    skipLibCheck: true,
    types: ['node'],
  };
  const compilerOptions =
    style === 'modern'
      ? {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          resolvePackageJsonExports: true,
          esModuleInterop: true,
          isolatedModules: true,
          ...common,
          rootDir: '.',
          strict: true,
          strictPropertyInitialization: false,
        }
      : {
          module: 'commonjs',
          ...common,
          baseUrl: './',
          strictNullChecks: true,
          forceConsistentCasingInFileNames: true,
          noImplicitAny: false,
          strictBindCallApply: false,
          noFallthroughCasesInSwitch: false,
        };
  return { compilerOptions };
}

/** Writes the app's sources (the fixture and the module system's bootstrap) and its tsconfig files into `dir`. */
export function writeNestApp(dir: string, moduleSystem: ModuleSystem, tsconfig: 'modern' | 'legacy'): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  cpSync(join(FIXTURE, 'src'), join(dir, 'src'), { recursive: true });
  cpSync(join(FIXTURE, 'flavours', moduleSystem, 'bootstrap.ts'), join(dir, 'src', 'bootstrap.ts'));
  writeJson(join(dir, 'tsconfig.json'), nestTsconfig(tsconfig));
  writeJson(join(dir, 'tsconfig.build.json'), {
    extends: './tsconfig.json',
    compilerOptions: { rootDir: './src' },
    include: ['src'],
    exclude: ['node_modules', 'test', 'dist'],
  });
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function installApp(dir: string, manifest: Record<string, unknown>): Promise<Ran> {
  writeJson(join(dir, 'package.json'), manifest);
  return npmInstall(dir);
}

/** `tsc -p tsconfig.build.json` with the TypeScript installed in `installDir`, as `npm run build` would. */
export function compile(appDir: string, installDir = appDir): Promise<Ran> {
  return run(process.execPath, [join(installDir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: appDir,
    timeoutMs: 120_000,
  });
}

/** Runs the user's client script against `url`; returns the results it printed. */
export async function callTasks(
  appDir: string,
  url: string,
  ...tasks: string[]
): Promise<Record<string, { status: string; result?: unknown; error?: unknown }>> {
  const { stdout } = await run(process.execPath, ['dist/call.js', url, ...tasks], { cwd: appDir, timeoutMs: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop() ?? 'null');
}
