/** The live page asks only for what the contract offers (and the log chain this server adds), and escapes what it echoes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, parse, validate, visit, type DocumentNode } from 'graphql';
import {
  livePageHtml,
  LIVE_PAGE_QUERY,
  LIVE_PAGE_SERVER_TIME,
  LIVE_PAGE_SUBSCRIPTION,
} from '../../src/server/http/live-page';
import { contractAvailable, contractSchema } from '../helpers/contract';
import { LAND_FLOW_DOCUMENTS } from '../helpers/land-flow';
import { describeIf } from '../helpers/environment';

/** The fields of the verifiable log (README: Receipts and the verifiable auction log) this server adds. */
const CHAIN_FIELDS = new Set(['hash', 'previousHash']);
const withoutChainFields = (document: DocumentNode) =>
  visit(document, { Field: (node) => (CHAIN_FIELDS.has(node.name.value) ? null : undefined) });

describe('the live page against this server', () => {
  it.each([
    ['the snapshot query', LIVE_PAGE_QUERY],
    ['the clock query', LIVE_PAGE_SERVER_TIME],
    ['the event subscription', LIVE_PAGE_SUBSCRIPTION],
  ])('%s is valid against the emitted schema', (_name, document) => {
    const schema = buildSchema(readFileSync(join(__dirname, '../../schema/schema.graphql'), 'utf8'));
    expect(validate(schema, parse(document)).map((e) => e.message)).toEqual([]);
  });

  it('asks for the hash chain only in the event subscription, which checks it', () => {
    const asked = (document: string) => {
      const names: string[] = [];
      visit(parse(document), { Field: (node) => void names.push(node.name.value) });
      return names.filter((n) => CHAIN_FIELDS.has(n));
    };
    expect(asked(LIVE_PAGE_SUBSCRIPTION)).toEqual(['hash', 'previousHash']);
    expect(asked(LIVE_PAGE_QUERY)).toEqual([]);
  });
});

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
    ])('%s is valid against the contract schema, but for the hash chain fields', (_name, document) => {
      // the page checks the chain this server adds; every other field it reads is the contract's
      expect(validate(contractSchema(), withoutChainFields(parse(document))).map((e) => e.message)).toEqual(
        [],
      );
    });
  },
);

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
