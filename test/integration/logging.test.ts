/**
 * Structured logs: JSON lines with +08:00 times and a request id that also comes back in the X-Request-Id
 * header and in error extensions; passwords, tokens, ID-card numbers and phone numbers never reach a line.
 */
import { Writable } from 'node:stream';
import { Role } from '../../src/common/viewer';
import { createLogger, scrub } from '../../src/server/telemetry/logging';
import { startTestServer, type TestServer } from '../helpers/server';

const PASSWORD = 'correct-horse-battery-staple-42';
const ID_NUMBER = '63010219800101123X';
const PHONE = '13912345678';

describe('structured logs', () => {
  let server: TestServer;
  let text = '';
  const lines = () =>
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    });
    server = await startTestServer({
      db: 'sqlite',
      logger: createLogger({ level: 'debug', format: 'json', destination: sink }),
    });
  });
  afterAll(() => server.close());

  async function post(body: unknown, headers: Record<string, string> = {}) {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return {
      requestId: response.headers.get('x-request-id'),
      body: (await response.json()) as { errors?: { extensions: Record<string, unknown> }[] },
    };
  }

  it('writes one JSON line per request with the request id the client got back, in header and error', async () => {
    const { requestId, body } = await post({
      query: 'mutation LogSignIn($u: String!, $p: String!) { signIn(username: $u, password: $p) { token } }',
      variables: { u: 'nobody-here', p: PASSWORD },
    });
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.errors?.[0].extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId });
    const line = lines().find((l) => l.reqId === requestId);
    expect(line).toMatchObject({
      level: 'info',
      msg: 'request',
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'LogSignIn',
      errors: ['UNAUTHENTICATED'],
    });
    expect(line!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00$/);
  });

  it('keeps a well-formed request id from a proxy, and replaces a malformed one', async () => {
    expect((await post({ query: '{ serverTime }' }, { 'x-request-id': 'edge-42-abcdef' })).requestId).toBe(
      'edge-42-abcdef',
    );
    expect((await post({ query: '{ serverTime }' }, { 'x-request-id': 'bad id; drop' })).requestId).not.toBe(
      'bad id; drop',
    );
  });

  it('never logs passwords, tokens or personal data, whatever the request or message carries', async () => {
    const token = server.token({ roles: [Role.ORG_DEPARTMENT] });
    await post(
      { query: 'query LogProbe($q: String) { serverTime }', variables: { q: `${ID_NUMBER} ${PHONE}` } },
      { authorization: `Bearer ${token}` },
    );
    await post({ query: '{ serverTime }' }, { authorization: `Bearer ${token}x` }); // refused: 401
    server.app.log!(
      `internal error: duplicate key (id_number)=(${ID_NUMBER}) phone ${PHONE} password=${PASSWORD} ${token}`,
    );
    expect(text).toContain(
      'duplicate key (id_number)=([id-number]) phone [phone] password=[redacted] [token]',
    );
    for (const secret of [PASSWORD, token, token.split('.')[2], ID_NUMBER, PHONE]) {
      expect(text).not.toContain(secret);
    }
    expect(lines().some((l) => l.status === 401)).toBe(true);
  });

  it('scrubs what looks like a secret or personal data from free text', () => {
    expect(scrub('Authorization: Bearer abc.def.ghi')).toBe('Authorization: Bearer [redacted]');
    expect(scrub('{"password":"p4ss","nonce": "n"}')).toBe('{"password":[redacted],"nonce": [redacted]}');
    expect(scrub('order 123456789012345678901 stays')).toBe('order 123456789012345678901 stays');
  });
});
