/** Jest globalTeardown of the UI bindings: stops the fixture server gracefully. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.taskgateTestServer?.stop();
}
