/** The live page asks only for what the contract offers, and escapes what it echoes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, print, validate, visit } from 'graphql';
import {
  livePageHtml,
  LIVE_PAGE_CHAIN_SUBSCRIPTION,
  LIVE_PAGE_QUERY,
  LIVE_PAGE_SERVER_TIME,
  LIVE_PAGE_SUBSCRIPTION,
} from '../../src/server/http/live-page';
import { contractAvailable, contractSchema } from '../helpers/contract';
import { LAND_FLOW_DOCUMENTS } from '../helpers/land-flow';
import { describeIf } from '../helpers/environment';

describeIf(contractAvailable(), 'the contract (../shared/contract) is not beside this checkout')(
  'the live page against the contract',
  () => {
    it.each(LAND_FLOW_DOCUMENTS.map((d) => [/(mutation|query|subscription) (\w+)/.exec(d)![2], d]))(
      'the land-flow test helper operation %s is valid against the contract schema',
      (_name, document) => {
        expect(validate(contractSchema(), parse(document)).map((e) => e.message)).toEqual([]);
      },
    );

    it.each([
      ['the snapshot query', LIVE_PAGE_QUERY],
      ['the clock query', LIVE_PAGE_SERVER_TIME],
      ['the event subscription', LIVE_PAGE_SUBSCRIPTION],
    ])('%s is valid against the contract schema', (_name, document) => {
      expect(validate(contractSchema(), parse(document)).map((e) => e.message)).toEqual([]);
    });
  },
);

describe('the live page’s hash-chain subscription', () => {
  it('is valid against the emitted schema', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '../../schema/schema.graphql'), 'utf8'));
    expect(validate(schema, parse(LIVE_PAGE_CHAIN_SUBSCRIPTION)).map((e) => e.message)).toEqual([]);
  });

  it('is the contract’s subscription plus hash and previousHash, and nothing else', () => {
    const withoutChain = visit(parse(LIVE_PAGE_CHAIN_SUBSCRIPTION), {
      Field: (node) => (node.name.value === 'hash' || node.name.value === 'previousHash' ? null : undefined),
    });
    expect(print(withoutChain).replace('LivePageChainedEvents', 'LivePageEvents')).toBe(
      print(parse(LIVE_PAGE_SUBSCRIPTION)),
    );
    expect(LIVE_PAGE_CHAIN_SUBSCRIPTION).toMatch(/hash\s+previousHash/);
  });
});

describe('livePageHtml', () => {
  it('escapes the auction code wherever it appears', () => {
    const html = livePageHtml('</script><img src=x onerror=alert(1)>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('</script><img');
    expect(html).toContain('\\u003c/script>');
  });

  it('loads its only script from the server itself', () => {
    const sources = [...livePageHtml('2024C-5').matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
    expect(sources).toEqual(['/live-assets/graphql-ws.js']);
  });
});
