import type { Manager } from 'socket.io-client';

/**
 * Liveness of the transport upgrade (long-polling to WebSocket). engine.io-client pauses its
 * polling transport once the server answers the WebSocket probe; when the WebSocket dies
 * before the upgrade completes, it reports `upgradeError` but never resumes polling nor clears
 * its upgrading flag: nothing is sent or received until the ping timeout (pingInterval +
 * pingTimeout, 45 s by default) while socket.io still says `connected`. An `upgradeError`
 * after `upgrading` is that stall: this watchdog reports it at once.
 *
 * It watches every engine the manager opens, through engine.io's public events only.
 */
export function watchUpgrades(manager: Manager, onStall: () => void): () => void {
  let stopEngine: (() => void) | undefined;
  const onOpen = () => {
    stopEngine?.();
    const engine = manager.engine;
    let upgrading = false;
    const onUpgrading = () => (upgrading = true);
    const onUpgrade = () => (upgrading = false);
    const onUpgradeError = () => {
      if (!upgrading) return; // the probe failed before the polling transport paused: harmless
      upgrading = false;
      onStall();
      release(engine);
    };
    engine.on('upgrading', onUpgrading);
    engine.on('upgrade', onUpgrade);
    engine.on('upgradeError', onUpgradeError);
    stopEngine = () => {
      engine.off('upgrading', onUpgrading);
      engine.off('upgrade', onUpgrade);
      engine.off('upgradeError', onUpgradeError);
    };
  };
  manager.on('open', onOpen);
  manager.on('close', () => stopEngine?.());
  return () => {
    manager.off('open', onOpen);
    stopEngine?.();
  };
}

/**
 * Ends a stalled engine the manager has let go of. Its `close()` would wait for the upgrade that
 * never ends, and its ping timer would keep a Node process alive for 45 s: the engine's own
 * transport-close path releases it at once.
 *
 * NOTE: engine.io-client 6.6.x leaves a failed upgrade paused (see the module comment); its
 * polling transport, paused, ignores `close()`. `emit('close')` is the transport's public
 * emitter, and the engine listens to it as to a transport that closed.
 * TODO(engine.io-client fix): drop once a failed probe resumes the polling transport upstream.
 */
function release(engine: Manager['engine']): void {
  (engine.transport as unknown as { emit(event: string, details: { description: string }): void }).emit('close', {
    description: 'Taskgate: WebSocket upgrade stalled',
  });
}
