import type { EntityManager } from '@mikro-orm/core';
import type { Clock } from './clock';
import type { Config } from '../config';
import type { Publisher } from './pubsub';

export interface SeedContext {
  em: EntityManager;
  clock: Clock;
  config: Config;
  log: (message: string) => void;
}

/** Runs while the server runs (e.g. the auction scheduler); stopped on shutdown. */
export interface Worker {
  stop(): Promise<void>;
}

export interface WorkerContext {
  fork(): EntityManager;
  clock: Clock;
  config: Config;
  publisher: Publisher;
  log: (message: string) => void;
}

/** A node(id) lookup: the entity class whose rows are Node objects of a GraphQL type. */
export interface NodeSource {
  entity: Function;
  /** may the viewer see this object? (returning false makes node(id) answer null) */
  visible?: (node: object, ctx: import('./request/context').Context) => boolean | Promise<boolean>;
}

export interface DomainModule {
  name: string;
  /** checks the domain's part of the configuration at start-up; throws ConfigError */
  checkConfig?: (config: Config) => void;
  entities: Function[];
  resolvers: Function[];
  /** GraphQL types that no field reaches but the schema must declare */
  orphanedTypes?: Function[];
  nodes?: NodeSource[];
  /** idempotent: starting twice adds nothing */
  seed?: (ctx: SeedContext) => Promise<void>;
  startWorkers?: (ctx: WorkerContext) => Worker[];
  /** a test or benchmark harness: its seed runs whatever SEED says (it sets up its own tables) */
  harness?: boolean;
  /** GraphiQL tabs that show the domain to a newcomer */
  exampleQueries?: { title: string; query: string; variables?: Record<string, unknown> }[];
}
