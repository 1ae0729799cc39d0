/**
 * One context factory for HTTP, WebSocket and tests: a forked EntityManager, the viewer, per-operation
 * DataLoaders, the clock, the publisher and the config.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import type { Clock } from '../clock';
import type { Publisher } from '../pubsub';
import type { Viewer } from '../viewer';
import type { Config } from '../../config';
import type { RateLimiter } from './rate-limit';
import type { Live } from '../live/live';

/** Per-operation DataLoaders, created on first use under a key. */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<unknown, unknown>>();

  get<K, V>(
    key: string,
    batch: (keys: readonly K[]) => Promise<(V | Error)[]>,
    options?: DataLoader.Options<K, V, K>,
  ): DataLoader<K, V> {
    let loader = this.loaders.get(key) as DataLoader<K, V> | undefined;
    if (!loader) {
      loader = new DataLoader<K, V>(batch, { maxBatchSize: 500, ...options });
      this.loaders.set(key, loader as DataLoader<unknown, unknown>);
    }
    return loader;
  }

  /** Forgets everything loaded so far (after a mutation changed it). */
  clear(): void {
    this.loaders.clear();
  }
}

export interface AppServices {
  orm: MikroORM;
  clock: Clock;
  publisher: Publisher;
  config: Config;
  rateLimiter: RateLimiter;
  /** the instance's live streams (src/common/live/live.ts) */
  live: Live;
  /** the instance's log (operators read it; never sent to clients) */
  log?: (message: string) => void;
}

/** Where a request came from, for rate limits and the audit trail. */
export interface RequestOrigin {
  /** the client's IP address (as Express's trust-proxy setting sees it); 'unknown' when there is none */
  ip: string;
}

export interface Context extends AppServices {
  em: EntityManager;
  viewer: Viewer;
  loaders: Loaders;
  origin: RequestOrigin;
  /**
   * True while a single query operation (nothing in it writes) executes over HTTP: reads may then answer with
   * read-only snapshots instead of managed entities (src/db/reads.ts). Set by the server's
   * `readOnlyQueries` plugin, never for mutations, subscriptions or batched requests.
   */
  readOnly: boolean;
}

/**
 * The EntityManager is forked, and the loaders made, on first use: a live subscription's context may never need
 * one, nor a bid answered without the ORM (src/land/bid/bid.race.ts). They are getters on the prototype, not own
 * properties, because Apollo copies the context value per operation with Object.assign, which would call own
 * getters (and fork an EntityManager for every request); the copy keeps the prototype and so stays lazy.
 */
class RequestContext implements Context {
  orm!: AppServices['orm'];
  clock!: AppServices['clock'];
  publisher!: AppServices['publisher'];
  config!: AppServices['config'];
  rateLimiter!: AppServices['rateLimiter'];
  live!: AppServices['live'];
  log?: AppServices['log'];
  readOnly = false;
  // one holder object, so that Apollo's copies (one per operation of a batch) share the fork and the loaders
  private readonly made: { em?: EntityManager; loaders?: Loaders } = {};

  constructor(
    app: AppServices,
    public viewer: Viewer,
    public origin: RequestOrigin,
  ) {
    Object.assign(this, app);
  }

  get em(): EntityManager {
    return (this.made.em ??= this.orm.em.fork());
  }

  get loaders(): Loaders {
    return (this.made.loaders ??= new Loaders());
  }
}

export function createContext(
  app: AppServices,
  viewer: Viewer,
  origin: RequestOrigin = { ip: 'unknown' },
): Context {
  return new RequestContext(app, viewer, origin);
}
