import { relative } from 'node:path';
import type TypeScript from 'typescript';
import type { Compiler } from './compiler.loader.js';
import {
  anonymousClassMessage,
  computedMethodNameMessage,
  duplicateTaskNameMessage,
  nonLiteralNameMessage,
  nonLiteralOptionsMessage,
  nonPublicMethodMessage,
  notExportedMessage,
  spreadNameMessage,
  unresolvedNestMessage,
} from './codegen.messages.js';
import { TaskFunctionMatcher } from './task-function.matcher.js';
import type { TaskProject } from './project.reader.js';

/** One `@TaskFunction()` method, as the task map refers to it. */
export interface TaskMethod {
  /** The task's name: the decorator's `name` option, else the method's name (as the explorer derives it). */
  name: string;
  /** The method's name on its class. */
  methodName: string;
  /** The absolute path of the file that declares the class. */
  file: string;
  /** The name the class is exported under from `file` (`default` for a default export). */
  exportName: string;
  /** The class's own name. */
  className: string;
  /** `file:line` of the method, relative to the working directory, for messages. */
  where: string;
}

/** The tasks of a project and what is wrong with its declarations. */
export interface FoundTasks {
  tasks: TaskMethod[];
  problems: string[];
}

/**
 * Finds every class method decorated with `@TaskFunction()` of `@taskgate/nest` in the project's
 * own files. Each task is named as `TaskExplorer` names it (`options.name ?? methodName`); what
 * cannot be read statically (a name that is not a string literal, options that are not an
 * object literal) and two tasks of one name are problems, each with its `file:line`. Static
 * methods are skipped, as the explorer reads prototypes only.
 */
export function findTaskMethods(ts: Compiler, project: TaskProject, cwd: string): FoundTasks {
  const checker = project.program.getTypeChecker();
  const matcher = new TaskFunctionMatcher(ts, checker);
  const tasks: TaskMethod[] = [];
  const problems: string[] = [];
  const where = (node: TypeScript.Node) => {
    const file = node.getSourceFile();
    const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
    return `${relative(cwd, file.fileName) || file.fileName}:${line + 1}`;
  };

  const visitClass = (declaration: TypeScript.ClassDeclaration) => {
    let exported: { exportName: string; className: string } | undefined | null = null; // null: not looked up yet
    for (const member of declaration.members) {
      if (!ts.isMethodDeclaration(member)) continue;
      const call = taskFunctionCall(member);
      if (!call) continue;
      if (member.modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) continue;
      const methodName = methodNameOf(member);
      if (methodName === undefined) {
        problems.push(computedMethodNameMessage(where(member)));
        continue;
      }
      const hidden = member.modifiers?.some((m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword);
      if (hidden || ts.isPrivateIdentifier(member.name)) {
        problems.push(nonPublicMethodMessage(where(member), methodName));
        continue;
      }
      const name = taskNameOf(call, methodName, where(call));
      if (name === undefined) continue;
      if (exported === null) exported = exportOf(declaration);
      if (!exported) continue;
      tasks.push({ name, methodName, file: declaration.getSourceFile().fileName, ...exported, where: where(member) });
    }
  };

  /** The `@TaskFunction(...)` call among the method's decorators, if any. */
  const taskFunctionCall = (member: TypeScript.MethodDeclaration): TypeScript.CallExpression | undefined => {
    for (const decorator of ts.getDecorators(member) ?? []) {
      const match = matcher.match(decorator);
      if (match.kind === 'task') return match.call;
      if (match.kind === 'unresolved') problems.push(unresolvedNestMessage(where(decorator), match.specifier));
    }
    return undefined;
  };

  const methodNameOf = (member: TypeScript.MethodDeclaration): string | undefined => {
    const { name } = member;
    if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
    if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
    return undefined;
  };

  /** The task's name, or undefined (and a problem) when it cannot be read without running the code. */
  const taskNameOf = (call: TypeScript.CallExpression, methodName: string, at: string): string | undefined => {
    const [options] = call.arguments;
    if (options === undefined) return methodName;
    if (!ts.isObjectLiteralExpression(options)) {
      problems.push(nonLiteralOptionsMessage(at));
      return undefined;
    }
    let name: string | undefined = methodName;
    for (const property of options.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = checker.getTypeAtLocation(property.expression);
        if (spread.getProperty('name')) name = undefined; // unless a literal name follows
        continue;
      }
      if (!property.name || propertyKey(property.name) !== 'name') continue;
      if (ts.isPropertyAssignment(property) && ts.isStringLiteralLike(property.initializer)) {
        name = property.initializer.text;
      } else {
        problems.push(nonLiteralNameMessage(where(property)));
        return undefined;
      }
    }
    if (name === undefined) problems.push(spreadNameMessage(at));
    return name;
  };

  const propertyKey = (name: TypeScript.PropertyName): string | undefined =>
    ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;

  /** The name a class is exported under from its file, or undefined (and a problem) when it is not. */
  const exportOf = (declaration: TypeScript.ClassDeclaration): { exportName: string; className: string } | undefined => {
    const className = declaration.name?.text;
    if (!className) {
      problems.push(anonymousClassMessage(where(declaration)));
      return undefined;
    }
    const moduleSymbol = checker.getSymbolAtLocation(declaration.getSourceFile());
    const names = (moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [])
      .filter((symbol) => {
        const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
        return target.declarations?.includes(declaration);
      })
      .map((symbol) => symbol.name);
    const exportName = names.includes(className) ? className : ([...names].sort().find((n) => n !== 'default') ?? names[0]);
    if (exportName === undefined) {
      problems.push(notExportedMessage(where(declaration), className));
      return undefined;
    }
    return { exportName, className };
  };

  const visit = (node: TypeScript.Node): void => {
    if (ts.isClassDeclaration(node)) visitClass(node);
    ts.forEachChild(node, visit);
  };
  for (const file of project.files) visit(file);

  const byName = new Map<string, TaskMethod>();
  for (const task of tasks) {
    const first = byName.get(task.name);
    if (first) problems.push(duplicateTaskNameMessage(task.name, describe(first), describe(task)));
    else byName.set(task.name, task);
  }
  return { tasks: [...byName.values()], problems };
}

function describe(task: TaskMethod): string {
  return `${task.className}.${task.methodName} (${task.where})`;
}
