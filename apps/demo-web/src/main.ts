import { TaskClient, type ProgressEvent, type TaskInfo, type TaskResult } from '@taskgate/client';
import type { ServerTasks } from '@taskgate/server/tasks';
import { DEFAULT_ARGS } from './demo-tasks';

// Keep the client id for the tab's life, so a reload resumes the runs still pending.
const clientIdKey = 'taskgate-demo-client-id';
const clientId = sessionStorage.getItem(clientIdKey) ?? undefined;
const client = new TaskClient<ServerTasks>({ url: location.origin, ...(clientId && { clientId }) });
sessionStorage.setItem(clientIdKey, client.clientId);

const connection = document.querySelector<HTMLSpanElement>('#connection')!;
const tasksEl = document.querySelector<HTMLDivElement>('#tasks')!;
const runsEl = document.querySelector<HTMLOListElement>('#runs')!;

client.onStateChange((state, detail) => {
  connection.dataset['state'] = state;
  connection.textContent = detail?.error ? `${state}: ${detail.error.message}` : state;
});

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  ...children: Node[]
): HTMLElementTagNameMap[K] {
  const el = Object.assign(document.createElement(tag), props);
  el.append(...children);
  return el;
}

function renderTask(info: TaskInfo): HTMLElement {
  const name = info.name as keyof ServerTasks;
  const defaults = DEFAULT_ARGS[name];
  const input = element('input', { value: defaults === undefined ? '' : JSON.stringify(defaults), placeholder: 'args as JSON (optional)' });
  input.setAttribute('aria-label', `Arguments of ${info.name}`);
  const button = element('button', { textContent: `Run ${info.name}`, type: 'button' });
  button.addEventListener('click', () => {
    let args: unknown;
    try {
      args = input.value.trim() ? JSON.parse(input.value) : undefined;
    } catch {
      input.setCustomValidity('Not valid JSON');
      input.reportValidity();
      return;
    }
    input.setCustomValidity('');
    startRun(name, args);
  });
  return element(
    'div',
    { className: 'task' },
    element('strong', { textContent: info.name }),
    element('span', {
      className: 'mode',
      textContent: `${info.mode}${info.timeoutMs ? ` · times out after ${info.timeoutMs / 1000} s` : ''}`,
    }),
    element('p', { textContent: info.description ?? '' }),
    input,
    button,
  );
}

function nodeStamp(value: unknown): { node: string; value: unknown } | undefined {
  if (typeof value !== 'object' || value === null || Object.keys(value).length !== 2) return undefined;
  const { node } = value as { node?: unknown };
  return typeof node === 'string' && 'value' in value ? (value as { node: string; value: unknown }) : undefined;
}

function startRun(name: keyof ServerTasks, args: unknown): void {
  const status = element('span', { className: 'status', textContent: 'running' });
  const bar = element('progress', { max: 1 });
  const output = element('pre', { className: 'output', textContent: '' });
  const cancel = element('button', { className: 'secondary', textContent: 'Cancel', type: 'button' });
  const item = element('li', { className: 'run' }, element('span', { className: 'title', textContent: name }), status, bar, output, cancel);
  item.dataset['status'] = 'running';
  item.dataset['task'] = name;
  runsEl.prepend(item);

  const onProgress = (event: ProgressEvent) => {
    bar.value = event.progress;
    output.textContent = event.message ?? `${Math.round(event.progress * 100)} %`;
  };
  const onResult = (result: TaskResult<unknown>) => {
    item.dataset['status'] = result.status;
    status.textContent = result.status.replace('_', ' ');
    bar.value = 1;
    cancel.disabled = true;
    // A server of several nodes (`npm run demo:cluster`) says which one ran the task: `{ node, value }`.
    const stamped = result.status === 'succeeded' ? nodeStamp(result.result) : undefined;
    if (stamped) item.dataset['node'] = stamped.node;
    output.textContent =
      result.status === 'succeeded'
        ? `${JSON.stringify(stamped ? stamped.value : result.result)}  (${result.durationMs} ms${stamped ? `, node ${stamped.node}` : ''})`
        : `${result.error.code}: ${result.error.message}`;
  };
  const id = client.call(name, args as never, onResult, { onProgress });
  cancel.addEventListener('click', () => void client.cancel(id));
}

client.list().then(
  (tasks) => tasksEl.replaceChildren(...tasks.map(renderTask)),
  (error: Error) => tasksEl.replaceChildren(element('p', { textContent: `Could not list tasks: ${error.message}` })),
);
