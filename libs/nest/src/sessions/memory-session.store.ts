import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { ClientSession } from './client-session.js';
import { SessionStore, type StallHandler, type TaskSession } from './session.store.js';
import { TASKGATE_RESOLVED_OPTIONS } from '../taskgate.constants.js';
import type { ResolvedTaskgateOptions } from '../options/module.options.js';

/** The sessions of every client in this process's memory, by session key; expired sessions are swept. */
@Injectable()
export class MemorySessionStore extends SessionStore implements OnModuleDestroy {
  private readonly sessions = new Map<string, ClientSession>();
  private readonly timer: NodeJS.Timeout;

  constructor(@Inject(TASKGATE_RESOLVED_OPTIONS) private readonly options: ResolvedTaskgateOptions) {
    super();
    const every = Math.min(Math.max(Math.floor(options.resultTtlMs / 4), 250), 30_000);
    this.timer = setInterval(() => this.sweep(), every);
    this.timer.unref();
  }

  /** The session under `key` (principal and client id; created on first use) with `socket` attached. */
  attach(key: string, clientId: string, socket: Socket, onStall: StallHandler): TaskSession {
    let session = this.sessions.get(key);
    if (!session) {
      session = new ClientSession(key, clientId, this.options, onStall);
      this.sessions.set(key, session);
    }
    session.attach(socket);
    return session;
  }

  get(key: string): TaskSession | undefined {
    return this.sessions.get(key);
  }

  /** Sessions and their retained results, for the metrics (one pass over the sessions, at scrape time). */
  override counts(): { sessions: number; retainedResults: number } {
    let retainedResults = 0;
    for (const session of this.sessions.values()) retainedResults += session.retainedCount;
    return { sessions: this.sessions.size, retainedResults };
  }

  /** Forgets the sessions that hold nothing more and whose client has been away for `resultTtlMs`. */
  sweep(now = Date.now()): void {
    for (const [key, session] of this.sessions) {
      if (session.sweep(now) && (session.awaySince ?? now) + this.options.resultTtlMs <= now) this.sessions.delete(key);
    }
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
