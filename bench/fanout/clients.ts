/**
 * The load generator, in its own process: N WebSocket subscribers speaking graphql-transport-ws over raw
 * `ws` (no graphql-ws client machinery per socket), each recording when every event arrives.
 *
 *   node dist/bench/fanout/clients.js --url ws://127.0.0.1:4000/graphql[,ws://…:4001/graphql] \
 *     --subscribers 10000 --stream bench-1 [--auction <id>] [--out /tmp/receipts.json]
 *
 * Several URLs spread the subscribers round-robin (two instances). Run from run.ts it talks over IPC:
 * progress on request, and on 'report' it writes every receipt to --out and answers with the path.
 *
 * Phase 2: --auction <id> subscribes to the contract's auctionEvents instead of the harness stream.
 */
import { writeFileSync } from 'node:fs';
import WebSocket from 'ws';
import { parseArgs, preciseNow } from './proc';

const args = parseArgs(process.argv.slice(2));
const urls = (args.url ?? 'ws://127.0.0.1:4000/graphql').split(',');
const total = Number(args.subscribers ?? 1000);
const stream = args.stream ?? 'bench';
const auctionId = args.auction;
const out = args.out ?? `/tmp/fanout-receipts-${process.pid}.json`;
const concurrency = Number(args.concurrency ?? 200);

const subscription = auctionId
  ? {
      query: `subscription Bench($auctionId: ID!, $afterSequence: Int) {
        auctionEvents(auctionId: $auctionId, afterSequence: $afterSequence) { sequence type status currentPrice bid { sequence amount biddingNumber placedAt } }
      }`,
      variables: { auctionId, afterSequence: 0 },
    }
  : {
      query: `subscription Bench($streamId: String!, $afterSequence: Int) {
        liveHarnessEvents(streamId: $streamId, afterSequence: $afterSequence) { streamId sequence payload appendedAtMs }
      }`,
      variables: { streamId: stream, afterSequence: 0 },
    };
const subscribeMessage = JSON.stringify({ id: '1', type: 'subscribe', payload: subscription });
const sequenceOf = auctionId
  ? (data: { auctionEvents: { sequence: number } }) => data.auctionEvents.sequence
  : (data: { liveHarnessEvents: { sequence: number } }) => data.liveHarnessEvents.sequence;

/** receipts[sequence] = receive times (ms since epoch), one per subscriber that got it */
const receipts = new Map<number, number[]>();
/** per subscriber: how its sequences arrived (for the exactly-once, in-order check) */
const lastSeen = new Int32Array(total);
let outOfOrder = 0;
let connected = 0;
let subscribed = 0;
let closed = 0;
let errors = 0;
const closeCodes: Record<string, number> = {};
const sockets: WebSocket[] = [];

function open(index: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = new WebSocket(urls[index % urls.length], 'graphql-transport-ws', {
      perMessageDeflate: false,
    });
    sockets.push(socket);
    let settled = false;
    const settle = () => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    socket.on('open', () => {
      connected++;
      socket.send('{"type":"connection_init","payload":{}}');
    });
    socket.on('message', (raw) => {
      const at = preciseNow();
      const message = JSON.parse(String(raw));
      if (message.type === 'next') {
        if (message.payload.errors) errors++;
        const sequence = sequenceOf(message.payload.data);
        if (sequence <= lastSeen[index]) outOfOrder++;
        lastSeen[index] = sequence;
        let list = receipts.get(sequence);
        if (!list) receipts.set(sequence, (list = []));
        list.push(at);
      } else if (message.type === 'connection_ack') {
        socket.send(subscribeMessage);
        subscribed++;
        settle();
      } else if (message.type === 'ping') {
        socket.send('{"type":"pong"}');
      } else if (message.type === 'error') {
        errors++;
      }
    });
    socket.on('error', () => {
      errors++;
      settle();
    });
    socket.on('close', (code) => {
      closed++;
      closeCodes[code] = (closeCodes[code] ?? 0) + 1;
      settle();
    });
  });
}

async function openAll(): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, total) }, async () => {
    while (next < total) await open(next++);
  });
  await Promise.all(workers);
}

function progress() {
  const received: Record<number, number> = {};
  for (const [sequence, list] of receipts) received[sequence] = list.length;
  return { connected, subscribed, closed, errors, outOfOrder, closeCodes, received };
}

process.on('message', (message: { type: string; id: number }) => {
  if (message.type === 'progress') process.send!({ type: 'progress', id: message.id, ...progress() });
  if (message.type === 'report') {
    const data: Record<number, number[]> = {};
    for (const [sequence, list] of receipts) data[sequence] = list;
    writeFileSync(out, JSON.stringify({ total, outOfOrder, errors, closeCodes, receipts: data }));
    process.send!({ type: 'report', id: message.id, path: out });
  }
  if (message.type === 'close') {
    for (const socket of sockets) socket.terminate();
    setTimeout(() => process.exit(0), 100);
  }
});
process.on('disconnect', () => process.exit(0));

openAll().then(() => {
  if (process.send) process.send({ type: 'opened', ...progress() });
  else console.log(JSON.stringify(progress()));
});
