/** Live subscribers for the integration suites: graphql-ws clients that record what they receive. */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export const HARNESS_EVENTS = `subscription HarnessEvents($streamId: String!, $afterSequence: Int) {
  liveHarnessEvents(streamId: $streamId, afterSequence: $afterSequence) { streamId sequence }
}`;

export const HARNESS_APPEND = `mutation HarnessAppend($streamId: String!, $count: Int) {
  liveHarnessAppend(streamId: $streamId, count: $count)
}`;

export interface Subscriber {
  sequences: number[];
  errors: unknown[];
  completed: boolean;
  client: Client;
  /** ends the subscription and closes the socket */
  close(): Promise<void>;
}

/** Subscribes to a harness stream on its own socket. */
export function subscribeHarness(
  wsUrl: string,
  streamId: string,
  afterSequence?: number | null,
  connectionParams: Record<string, unknown> = {},
): Subscriber {
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, connectionParams });
  const subscriber: Subscriber = {
    sequences: [],
    errors: [],
    completed: false,
    client,
    async close() {
      stop();
      await client.dispose();
    },
  };
  const stop = client.subscribe<{ liveHarnessEvents: { sequence: number } }>(
    { query: HARNESS_EVENTS, variables: { streamId, afterSequence } },
    {
      next: (result) => {
        if (result.errors) subscriber.errors.push(result.errors);
        if (result.data) subscriber.sequences.push(result.data.liveHarnessEvents.sequence);
      },
      error: (error) => subscriber.errors.push(error),
      complete: () => (subscriber.completed = true),
    },
  );
  return subscriber;
}

export async function until(condition: () => boolean, ms = 15_000, what = 'the condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const range = (from: number, to: number): number[] =>
  Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
