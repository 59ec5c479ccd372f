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
  return () => {
    manager.off('open', onOpen);
    stopEngine?.();
  };
}
