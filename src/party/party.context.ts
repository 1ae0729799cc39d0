import type { Context } from '../common/request/context';

/** What party services need of an operation's context (the seed builds one without a server). */
export type PartyContext = Pick<Context, 'em' | 'viewer' | 'loaders' | 'clock' | 'config'> &
  Partial<Pick<Context, 'readOnly'>>;
