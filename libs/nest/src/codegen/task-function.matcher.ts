import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type TypeScript from 'typescript';
import type { Compiler } from './compiler.loader.js';

const PACKAGE = '@taskgate/nest';
const DECORATOR = 'TaskFunction';

/** How a decorator relates to `@taskgate/nest`'s `TaskFunction`. */
export type DecoratorMatch =
  { kind: 'task'; call: TypeScript.CallExpression } | { kind: 'unresolved'; specifier: string } | { kind: 'other' };

/**
 * Tells `@TaskFunction()` of `@taskgate/nest` from every other decorator, by what the name
 * resolves to rather than by how it is spelled: through the checker's aliases, so that
 * `import { TaskFunction as Task }` and `import * as tg` count, and a local function that happens
 * to be called `TaskFunction` does not. The declaration counts when it lies in the package named
 * `@taskgate/nest` (its nearest package.json), as an installed `.d.ts` or, in a monorepo whose
 * `paths` map the package to its sources, as the source itself.
 */
export class TaskFunctionMatcher {
  private readonly packageNames = new Map<string, string | undefined>();

  constructor(
    private readonly ts: Compiler,
    private readonly checker: TypeScript.TypeChecker,
  ) {}

  match(decorator: TypeScript.Decorator): DecoratorMatch {
    const { ts } = this;
    const call = decorator.expression;
    if (!ts.isCallExpression(call)) return { kind: 'other' };
    const callee = call.expression;
    const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
    if (!nameNode) return { kind: 'other' };
    const symbol = this.checker.getSymbolAtLocation(nameNode);
    if (!symbol) return this.unresolved(callee);
    const target = symbol.flags & ts.SymbolFlags.Alias ? this.checker.getAliasedSymbol(symbol) : symbol;
    const declarations = target.declarations ?? [];
    if (declarations.length === 0) return this.unresolved(callee);
    return declarations.some((declaration) => this.isTaskFunction(declaration)) ? { kind: 'task', call } : { kind: 'other' };
  }

  private isTaskFunction(declaration: TypeScript.Declaration): boolean {
    const { ts } = this;
    if (!ts.isFunctionDeclaration(declaration) || declaration.name?.text !== DECORATOR) return false;
    return this.packageOf(declaration.getSourceFile().fileName) === PACKAGE;
  }

  /** A decorator imported from `@taskgate/nest` that the project cannot resolve: its tasks would silently vanish. */
  private unresolved(callee: TypeScript.Expression): DecoratorMatch {
    const { ts } = this;
    let root = callee;
    while (ts.isPropertyAccessExpression(root)) root = root.expression;
    const local = ts.isIdentifier(root) ? this.checker.getSymbolAtLocation(root) : undefined;
    for (const declaration of local?.declarations ?? []) {
      let node: TypeScript.Node = declaration;
      while (!ts.isSourceFile(node) && !ts.isImportDeclaration(node)) node = node.parent;
      if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.moduleSpecifier.text === PACKAGE) {
        return { kind: 'unresolved', specifier: PACKAGE };
      }
    }
    return { kind: 'other' };
  }

  /** The `name` of the nearest package.json above `file` that has one, cached per folder. */
  private packageOf(file: string): string | undefined {
    const dir = dirname(file);
    if (this.packageNames.has(dir)) return this.packageNames.get(dir);
    const name = nameIn(join(dir, 'package.json')) ?? (dirname(dir) === dir ? undefined : this.packageOf(dir));
    this.packageNames.set(dir, name);
    return name;
  }
}

/** The `name` of a package.json, if the file exists and has one (build folders hold some without). */
function nameIn(manifest: string): string | undefined {
  if (!existsSync(manifest)) return undefined;
  try {
    const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}
