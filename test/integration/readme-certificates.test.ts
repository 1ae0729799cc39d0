/**
 * README's certificate section, snippet by snippet: the openssl and Node signatures sign a demo bidder in (SM2 and
 * RSA), and the GraphQL operations load and list a CRL. A snippet added to the section must be run here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ManualClock } from '../../src/common/clock';
import { Role } from '../../src/common/viewer';
import { demoBidderCertificate, DEMO_BIDDERS, ensureDemoCa, issueCrl } from '../../src/land/bidder/demo-ca';
import { startTestServer, type TestServer } from '../helpers/server';

const section = (() => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('### Bidder certificate sign-in (CA数字证书)');
  return readme.slice(start, readme.indexOf('**Self-registration**', start));
})();
const blocks = (lang: string) =>
  [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version']);
    return true;
  } catch {
    return false;
  }
})();

describe('README: bidder certificates', () => {
  let server: TestServer;
  let dir: string;
  const center = () => server.token({ roles: [Role.TRADING_CENTER] });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'readme-ca-'));
    const { caPem } = ensureDemoCa(join(dir, 'demo-ca'));
    writeFileSync(join(dir, 'trusted.pem'), caPem);
    server = await startTestServer({
      db: 'sqlite',
      clock: new ManualClock(new Date()),
      seed: false,
      config: { trustedCaFile: join(dir, 'trusted.pem') },
    });
    for (const demo of DEMO_BIDDERS) {
      await server.data(
        `mutation($input: RegisterBidderInput!) { registerBidder(input: $input) { id } }`,
        {
          input: {
            kind: demo.kind,
            name: demo.name,
            domestic: true,
            registrationNumber: `${demo.registrationNumber}${randomBytes(1).toString('hex').toUpperCase()}`,
            certificatePem: demoBidderCertificate(demo.key, join(dir, 'demo-ca')).certificatePem,
          },
        },
        { token: center() },
      );
    }
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const signIn = async (key: string, sign: (nonce: string) => string) => {
    const { certificateChallenge } = await server.data<{ certificateChallenge: { nonce: string } }>(
      `mutation { certificateChallenge { nonce } }`,
    );
    return server.request<{ signInWithCertificate: { viewer: { bidder: { name: string } } } }>(
      `mutation($input: CertificateSignInInput!) { signInWithCertificate(input: $input) { viewer { bidder { name } } } }`,
      {
        input: {
          certificatePem: demoBidderCertificate(key, join(dir, 'demo-ca')).certificatePem,
          nonce: certificateChallenge.nonce,
          signature: sign(certificateChallenge.nonce),
        },
      },
    );
  };

  it('has the snippets this test runs', () => {
    expect([blocks('sh').length, blocks('js').length, blocks('graphql').length]).toEqual([2, 1, 2]);
  });

  (hasOpenssl ? it : it.skip).each([0, 1])(
    'signs a demo bidder in with the openssl snippet %i',
    async (i) => {
      const snippet = blocks('sh')[i];
      const key = /bidder-(\d)\.key\.pem/.exec(snippet)![0].replace('.key.pem', '');
      const response = await signIn(key, (nonce) =>
        execFileSync('bash', ['-c', snippet], { cwd: dir, env: { ...process.env, NONCE: nonce } }).toString(),
      );
      expect(response.errors).toBeUndefined();
      expect(response.data!.signInWithCertificate.viewer.bidder.name).toBe(
        DEMO_BIDDERS.find((b) => b.key === key)!.name,
      );
    },
  );

  it('signs a demo bidder in with the Node snippet', async () => {
    const [snippet] = blocks('js');
    const response = await signIn('bidder-1', (nonce) =>
      execFileSync(
        process.execPath,
        ['-e', `const nonce = ${JSON.stringify(nonce)};\n${snippet}\nprocess.stdout.write(signature);`],
        { cwd: dir },
      ).toString(),
    );
    expect(response.errors).toBeUndefined();
  });

  it('loads a CRL of the SM2 intermediate and lists it with the GraphQL snippets', async () => {
    const [load, list] = blocks('graphql');
    const intermediate = {
      certificatePem: readFileSync(join(dir, 'demo-ca', 'sm2-intermediate.pem'), 'utf8'),
      privateKeyPem: readFileSync(join(dir, 'demo-ca', 'sm2-intermediate.key.pem'), 'utf8'),
    };
    const crl = issueCrl(intermediate, { thisUpdate: server.clock.now() });
    const loaded = await server.data<{ loadCertificateRevocationList: { issuer: string; stale: boolean } }>(
      load,
      { crl, ca: intermediate.certificatePem },
      { token: center() },
    );
    expect(loaded.loadCertificateRevocationList).toMatchObject({
      issuer: expect.stringContaining('SM2 运营 CA'),
      stale: false,
    });
    const listed = await server.data<{ certificateRevocationLists: { issuer: string }[] }>(list, undefined, {
      token: center(),
    });
    expect(listed.certificateRevocationLists).toHaveLength(1);
  });
});
