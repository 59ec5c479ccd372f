import type { RunAck } from '@taskgate/protocol';
import type { Ack } from './ack.js';

/** An ack that waits, until the next turn of the event loop at most, to carry its run's result. */
export interface FoldingAck {
  readonly id: string;
  readonly ack: Ack<RunAck>;
  answered: boolean;
}

/**
 * Acks of runs asked with `ackResult` that have not finished yet. A quick asynchronous task is
 * done by the next turn of the event loop, and its ack then carries its result: one packet
 * instead of two. One `setImmediate` answers every ack still waiting then, without a result.
 */
export class AckFolding {
  private waiting: FoldingAck[] = [];
  private turn: NodeJS.Immediate | undefined;

  /** Holds `ack` of run `id` until its result or the next turn, whichever comes first. */
  hold(id: string, ack: Ack<RunAck>): FoldingAck {
    const folding: FoldingAck = { id, ack, answered: false };
    this.waiting.push(folding);
    this.turn ??= setImmediate(this.answer);
    return folding;
  }

  /** The next turn of the event loop has come: runs still going get their ack without a result. */
  private readonly answer = (): void => {
    const waiting = this.waiting;
    this.waiting = [];
    this.turn = undefined;
    for (const entry of waiting) {
      if (entry.answered) continue;
      entry.answered = true;
      entry.ack({ ok: true, id: entry.id });
    }
  };
}
