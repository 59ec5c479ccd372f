/** Message factories of `taskgate-types`: every text the generator and its command line say. */

export const typeScriptMissingMessage = (detail: string) =>
  `taskgate-types needs the "typescript" package (an optional peer of @taskgate/nest): npm install --save-dev typescript (${detail})`;
export const projectUnreadableMessage = (project: string, detail: string) => `Cannot read the TypeScript project ${project}: ${detail}`;

export const unresolvedNestMessage = (where: string, specifier: string) =>
  `${where}: @TaskFunction() is imported from a package the project does not resolve (${specifier}): install @taskgate/nest (built, with its types) or map it in "paths"`;
export const nonLiteralOptionsMessage = (where: string) =>
  `${where}: @TaskFunction() options must be an object literal, so that the task name can be read without running the code`;
export const nonLiteralNameMessage = (where: string) =>
  `${where}: @TaskFunction() option "name" must be a string literal, so that the task name can be read without running the code`;
export const spreadNameMessage = (where: string) =>
  `${where}: @TaskFunction() options spread an object that may set "name": write "name" as a string literal after the spread`;
export const computedMethodNameMessage = (where: string) =>
  `${where}: a @TaskFunction() method needs a name the compiler can read (an identifier or a string literal)`;
export const nonPublicMethodMessage = (where: string, method: string) =>
  `${where}: @TaskFunction() method "${method}" is private or protected: a client's types cannot reach it; make it public`;
export const notExportedMessage = (where: string, className: string) =>
  `${where}: class ${className} has @TaskFunction() methods but is not exported from its file: export it, so that the task map can import its type`;
export const anonymousClassMessage = (where: string) =>
  `${where}: a class with @TaskFunction() methods needs a name, so that the task map can import its type`;
export const duplicateTaskNameMessage = (name: string, first: string, second: string) =>
  `Task "${name}" is declared twice: by ${first} and by ${second}. Give one of them another name with @TaskFunction({ name }).`;

export const invalidInterfaceNameMessage = (name: string) => `--name must be a TypeScript identifier, got ${JSON.stringify(name)}`;
export const outputNotTypeScriptMessage = (out: string) =>
  `${out}: the output file must be a .ts file (it holds types only, e.g. src/tasks.generated.ts)`;

export const failedMessage = (problems: number) => `taskgate-types: ${problems} problem${problems === 1 ? '' : 's'}, nothing written`;
export const wroteMessage = (out: string, tasks: number) => `taskgate-types: wrote ${out} (${tasks} task${tasks === 1 ? '' : 's'})`;
export const unchangedMessage = (out: string, tasks: number) =>
  `taskgate-types: ${out} is up to date (${tasks} task${tasks === 1 ? '' : 's'})`;
export const missingMessage = (out: string, command: string) => `taskgate-types: ${out} does not exist. Generate it with: ${command}`;
export const staleMessage = (out: string, command: string) =>
  `taskgate-types: ${out} is stale: the @TaskFunction() methods changed since it was generated. Regenerate it with: ${command}`;

export const USAGE = `Usage: taskgate-types -o <file> [-p <tsconfig>] [--name <Interface>] [--check]

Writes the task map of a Nest project: one entry per @TaskFunction() method, under its task name,
for a typed @taskgate/client (new TaskClient<ServerTasks>(...)).

  -p, --project <file>  the project's tsconfig (default: tsconfig.json)
  -o, --out <file>      the file to write, e.g. src/tasks.generated.ts
      --name <name>     the exported type's name (default: ServerTasks)
      --check           write nothing; exit 1 when the file is missing or stale
  -h, --help            this text

Exit codes: 0 written or up to date, 1 missing or stale (--check), 2 an error.`;
