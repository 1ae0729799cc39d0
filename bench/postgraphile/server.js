/**
 * PostGraphile 4.14 for bench/queries (`run.js --postgraphile`): `node server.js <postgresql url>` in a process
 * of its own, answering the same IPC as bench/queries/server.ts ({ type: 'ready', url }, 'stats'). It installs
 * functions.sql into the bench's database, then serves the `public` schema read-only (no mutations), as a
 * production deployment would: no GraphiQL, no watch mode, no query log, its own pg pool of 10 (the platform's
 * size).
 */
'use strict';
/* global fetch, setTimeout */
const { createServer } = require('node:http');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { Pool } = require('pg');
const { postgraphile } = require('postgraphile');

async function main() {
  const url = process.argv[2];
  if (!url || !url.startsWith('postgres')) throw new Error('usage: node server.js <postgresql url>');
  const pool = new Pool({ connectionString: url, max: 10 });
  await pool.query(readFileSync(join(__dirname, 'functions.sql'), 'utf8'));
  const handler = postgraphile(pool, 'public', {
    disableDefaultMutations: true,
    graphiql: false,
    watchPg: false,
    disableQueryLog: true,
    retryOnInitFail: false,
    setofFunctionsContainNulls: false,
    ignoreRBAC: false,
    enableQueryBatching: false,
    graphqlRoute: '/graphql',
  });
  const server = createServer(handler);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  // the schema is built on the first request; build it before the bench starts
  const body = JSON.stringify({ query: '{ __typename }' });
  const address = server.address();
  const endpoint = `http://127.0.0.1:${address.port}/graphql`;
  const answer = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  if (!answer.ok) throw new Error(`PostGraphile did not start: ${answer.status} ${await answer.text()}`);
  process.on('message', (message) => {
    if (message.type === 'stats')
      process.send({ type: 'stats', id: message.id, memory: process.memoryUsage(), cpu: process.cpuUsage() });
  });
  process.on('SIGTERM', () => {
    server.close();
    void pool.end().then(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  });
  process.send({ type: 'ready', url: endpoint });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
