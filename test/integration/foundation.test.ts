import WebSocket from 'ws';
import { createClient } from 'graphql-ws';
import { Role } from '../../src/common/viewer';
import { testDatabases } from '../helpers/environment';
import { codes, startTestServer, type TestServer } from '../helpers/server';
import {
  CreateParcelDocument,
  NodeByIdDocument,
  ParcelDocument,
  ParcelsDocument,
  ViewerAndTimeDocument,
  type CreateParcelInput,
} from '../operations/generated';

const parcelInput = (code: string, overrides: Partial<CreateParcelInput> = {}): CreateParcelInput => ({
  code,
  city: '西宁市',
  district: '城北区',
  location: '城北区测试路以南',
  areaSqm: '1000.50',
  landUses: ['INDUSTRIAL'],
  planning: { floorAreaRatioMin: '0.8', floorAreaRatioMax: '1.5', buildingDensityMaxPercent: '40' },
  leaseTerms: [{ landUse: 'INDUSTRIAL', years: 50 }],
  ...overrides,
});

describe.each(testDatabases())('foundation on %s', (db) => {
  let server: TestServer;
  let center: string;

  beforeAll(async () => {
    server = await startTestServer({ db });
    center = server.token({ roles: [Role.TRADING_CENTER] });
  });
  afterAll(() => server?.close());

  it('answers liveness and readiness', async () => {
    const base = server.url.replace('/graphql', '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ database: true });
  });

  it('serves the reference parcel 2024C-5 with every value of the notice', async () => {
    const data = await server.data(ParcelsDocument, { filter: { codeContains: '2024c-5' } });
    expect(data.parcels.totalCount).toBe(1);
    const parcel = data.parcels.edges[0].node;
    expect(parcel).toMatchObject({
      code: '2024C-5',
      city: '西宁市',
      district: '城东区',
      location: '城东区夏都大街以北',
      areaSqm: '86788.68',
      landUses: ['RESIDENTIAL', 'COMMERCIAL'],
      planning: {
        floorAreaRatioMin: '1.0',
        floorAreaRatioMax: '2.3',
        buildingDensityMaxPercent: '30',
        greenRatioMinPercent: '35',
        buildingHeightMaxM: '80',
      },
      maxGrossFloorAreaSqm: '199613.96',
      leaseTerms: expect.arrayContaining([
        { landUse: 'COMMERCIAL', years: 40 },
        { landUse: 'RESIDENTIAL', years: 70 },
      ]),
      obligations: [
        { kind: 'RESETTLEMENT_HOUSING', households: 111, areaSqm: '13664.09', recipient: '城东区城乡建设局' },
      ],
    });
    expect(parcel.obligations[0].description).toContain('130.18');
    expect(parcel.notes.join('\n')).toContain('不设底价');
  });

  it('reports the anonymous viewer and the injected server clock', async () => {
    const data = await server.data(ViewerAndTimeDocument);
    expect(data.viewer).toEqual({ subject: null, roles: [] });
    expect(Date.parse(data.serverTime)).toBe(server.clock.now().getTime());
    expect(data.serverTime).toMatch(/\+08:00$/);
  });

  it('refuses a forged token with 401, never as anonymous', async () => {
    const forged = await server.request(
      ViewerAndTimeDocument,
      {},
      {
        authorization:
          'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZXMiOlsiVFJBRElOR19DRU5URVIiXX0.invalid',
      },
    );
    expect(forged.status).toBe(401);
    expect(codes(forged)).toEqual(['UNAUTHENTICATED']);
    expect(forged.data ?? null).toBeNull();
    const expired = await server.request(
      ViewerAndTimeDocument,
      {},
      { token: server.token({ roles: [Role.TRADING_CENTER] }, -10) },
    );
    expect(expired.status).toBe(401);
  });

  it('lets only the trading centre create parcels, storing nothing otherwise', async () => {
    const before = (await server.data(ParcelsDocument, {})).parcels.totalCount;
    const anonymous = await server.request(CreateParcelDocument, { input: parcelInput('T-ANON') });
    expect(codes(anonymous)).toEqual(['UNAUTHENTICATED']);
    const bidder = await server.request(
      CreateParcelDocument,
      { input: parcelInput('T-BIDDER') },
      { token: server.token({ roles: [Role.BIDDER], bidderId: 'x' }) },
    );
    expect(codes(bidder)).toEqual(['FORBIDDEN']);
    expect((await server.data(ParcelsDocument, {})).parcels.totalCount).toBe(before);

    const created = await server.data(CreateParcelDocument, { input: parcelInput('T-1') }, { token: center });
    expect(created.createParcel).toMatchObject({
      code: 'T-1',
      areaSqm: '1000.50',
      maxGrossFloorAreaSqm: '1500.75',
    });
    const again = await server.request(
      CreateParcelDocument,
      { input: parcelInput('T-1') },
      { token: center },
    );
    expect(codes(again)).toEqual(['CONFLICT']);
  });

  it('rejects a malformed Money/Decimal in variables with BAD_USER_INPUT and stores nothing', async () => {
    const before = (await server.data(ParcelsDocument, {})).parcels.totalCount;
    const bad = await server.request(
      CreateParcelDocument,
      { input: parcelInput('T-BAD', { areaSqm: '1e6' }) },
      { token: center },
    );
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    const literal = await server.request(
      `mutation { createParcel(input: { code: "T-LIT", city: "c", district: "d", location: "l", areaSqm: 5, landUses: [OTHER], planning: {}, leaseTerms: [] }) { id } }`,
      {},
      { token: center },
    );
    expect(codes(literal)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const rule = await server.request(
      CreateParcelDocument,
      { input: parcelInput('T-RULE', { planning: { floorAreaRatioMin: '3', floorAreaRatioMax: '2' } }) },
      { token: center },
    );
    expect(codes(rule)).toEqual(['BAD_USER_INPUT']);
    expect((await server.data(ParcelsDocument, {})).parcels.totalCount).toBe(before);
  });

  it('pages with opaque cursors and filters by city, district and use', async () => {
    for (const code of ['P-A', 'P-B', 'P-C']) {
      await server.data(
        CreateParcelDocument,
        {
          input: parcelInput(code, {
            city: '海东市',
            landUses: ['COMMERCIAL', 'OTHER'],
            leaseTerms: [{ landUse: 'COMMERCIAL', years: 40 }],
          }),
        },
        { token: center },
      );
    }
    const first = await server.data(ParcelsDocument, { first: 2, filter: { city: '海东市' } });
    expect(first.parcels.totalCount).toBe(3);
    expect(first.parcels.edges.map((e) => e.node.code)).toEqual(['P-A', 'P-B']);
    expect(first.parcels.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const second = await server.data(ParcelsDocument, {
      first: 2,
      after: first.parcels.pageInfo.endCursor,
      filter: { city: '海东市' },
    });
    expect(second.parcels.edges.map((e) => e.node.code)).toEqual(['P-C']);
    expect(second.parcels.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect((await server.data(ParcelsDocument, { filter: { landUse: 'OTHER' } })).parcels.totalCount).toBe(3);
    expect(
      (await server.data(ParcelsDocument, { filter: { landUse: 'RESIDENTIAL' } })).parcels.edges.map(
        (e) => e.node.code,
      ),
    ).toEqual(['2024C-5']);
    expect((await server.data(ParcelsDocument, { filter: { codeContains: '%' } })).parcels.totalCount).toBe(
      0,
    );
    expect(codes(await server.request(ParcelsDocument, { first: 101 }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await server.request(ParcelsDocument, { after: 'not-a-cursor' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('resolves any node by id and nothing for unknown ids', async () => {
    const { parcels } = await server.data(ParcelsDocument, { filter: { codeContains: '2024C-5' } });
    const id = parcels.edges[0].node.id;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect((await server.data(NodeByIdDocument, { id })).node).toEqual({
      __typename: 'LandParcel',
      id,
      code: '2024C-5',
    });
    expect(
      (await server.data(NodeByIdDocument, { id: '00000000-0000-4000-8000-000000000000' })).node,
    ).toBeNull();
    expect((await server.data(NodeByIdDocument, { id: 'nonsense' })).node).toBeNull();
    expect((await server.data(ParcelDocument, { id: 'nonsense' })).parcel).toBeNull();
  });

  it('never leaks internals in errors', async () => {
    const response = await server.request('{ nope }');
    expect(response.status).toBe(400);
    expect(JSON.stringify(response)).not.toMatch(/stack|at .*\.ts|select |insert /i);
  });

  it('authenticates WebSocket connections in connection_init', async () => {
    const viewerOver = (authorization?: string) =>
      new Promise<unknown>((resolve, reject) => {
        const client = createClient({
          url: server.wsUrl,
          webSocketImpl: WebSocket,
          retryAttempts: 0,
          connectionParams: authorization ? { authorization } : {},
          on: { closed: (e) => resolve({ closed: (e as { code: number }).code }) },
        });
        client.subscribe(
          { query: '{ viewer { subject roles } }' },
          {
            next: (v) => {
              resolve(v);
              void client.dispose();
            },
            error: (e) =>
              e && typeof e === 'object' && 'code' in e
                ? resolve({ closed: (e as { code: number }).code })
                : reject(e),
            complete: () => undefined,
          },
        );
      });
    expect(await viewerOver()).toEqual({ data: { viewer: { subject: null, roles: [] } } });
    expect(await viewerOver(`Bearer ${center}`)).toEqual({
      data: { viewer: { subject: 'test:TRADING_CENTER', roles: ['TRADING_CENTER'] } },
    });
    expect(await viewerOver('Bearer forged.token.here')).toEqual({ closed: 4403 });
  });
});
