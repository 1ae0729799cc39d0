/**
 * GraphiQL for people, from the npm packages' own files (no CDN, works offline), with subscriptions through
 * graphql-ws and tabs that show both domains.
 */
import { dirname, join } from 'node:path';
import type { Express, Request } from 'express';
import express from 'express';
import { modules } from '../modules';
import { LIVE_ASSET_PATH } from './live-page';

const ASSETS: Record<string, string> = {
  'react.js': join(dirname(require.resolve('react/package.json')), 'umd/react.production.min.js'),
  'react-dom.js': join(dirname(require.resolve('react-dom/package.json')), 'umd/react-dom.production.min.js'),
  'graphiql.js': join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.js'),
  'graphiql.css': join(dirname(require.resolve('graphiql/package.json')), 'graphiql.min.css'),
  'graphql-ws.js': join(dirname(require.resolve('graphql-ws/package.json')), 'umd/graphql-ws.js'),
};

export const GRAPHIQL_ASSET_PATH = '/graphiql-assets';

export function wantsHtml(req: Request): boolean {
  return req.method === 'GET' && !req.query.query && (req.headers.accept ?? '').includes('text/html');
}

export function mountGraphiqlAssets(app: Express): void {
  for (const [name, file] of Object.entries(ASSETS)) {
    app.get(`${GRAPHIQL_ASSET_PATH}/${name}`, (_req, res) => {
      res.sendFile(file, { maxAge: '1h', headers: { 'X-Content-Type-Options': 'nosniff' } });
    });
  }
  app.use(GRAPHIQL_ASSET_PATH, express.static('/nonexistent', { fallthrough: false }));
}

const escapeScript = (json: string) => json.replace(/</g, '\\u003c');

export function graphiqlHtml(): string {
  // the domains first; the server's own tabs (sign-in, viewer, clock) last
  const infrastructure = new Set(['auth', 'server']);
  const ordered = [
    ...modules.filter((m) => !infrastructure.has(m.name)),
    ...modules.filter((m) => infrastructure.has(m.name)),
  ];
  const tabs = ordered
    .flatMap((m) => m.exampleQueries ?? [])
    .map((t) => ({
      query: t.query,
      variables: t.variables ? JSON.stringify(t.variables, null, 2) : undefined,
    }));
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphiQL — 土地挂牌出让 · 流动党员管理</title>
<link rel="stylesheet" href="${GRAPHIQL_ASSET_PATH}/graphiql.css">
<link rel="preload" href="${LIVE_ASSET_PATH}/NotoSansSC-Regular.ttf" as="font" type="font/ttf" crossorigin>
<style>
html,body,#graphiql{height:100%;margin:0}
@font-face{font-family:"Noto Sans SC";font-weight:400;font-display:swap;src:url("${LIVE_ASSET_PATH}/NotoSansSC-Regular.ttf") format("truetype")}
@font-face{font-family:"Noto Sans SC";font-weight:600 700;font-display:swap;src:url("${LIVE_ASSET_PATH}/NotoSansSC-Bold.ttf") format("truetype")}
/* the schema's descriptions and the answers are Chinese: the CJK font is served with the page (no system font needed) */
body .graphiql-container,body .CodeMirror-info,body .CodeMirror-lint-tooltip,body .graphiql-dialog,body .graphiql-tooltip,body [data-radix-popper-content-wrapper]{--font-family:"Roboto","Noto Sans SC",sans-serif;--font-family-mono:"Fira Code",monospace,"Noto Sans SC"}
body .CodeMirror{font-family:var(--font-family-mono),"Noto Sans SC"}
</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${GRAPHIQL_ASSET_PATH}/react.js"></script>
<script src="${GRAPHIQL_ASSET_PATH}/react-dom.js"></script>
<script src="${GRAPHIQL_ASSET_PATH}/graphql-ws.js"></script>
<script src="${GRAPHIQL_ASSET_PATH}/graphiql.js"></script>
<script>
(function () {
  var here = new URL('/graphql', window.location.href);
  var wsUrl = (here.protocol === 'https:' ? 'wss:' : 'ws:') + '//' + here.host + here.pathname;
  var tabs = ${escapeScript(JSON.stringify(tabs))};
  var wsClient = null;
  var wsAuth = null;
  function client(headers) {
    var auth = headers && (headers.Authorization || headers.authorization) || null;
    if (!wsClient || auth !== wsAuth) {
      if (wsClient) wsClient.dispose();
      wsAuth = auth;
      wsClient = graphqlWs.createClient({ url: wsUrl, lazy: true, connectionParams: auth ? { authorization: auth } : {} });
    }
    return wsClient;
  }
  // queries and mutations over HTTP, subscriptions over graphql-ws with the same Authorization header
  function fetcher(params, opts) {
    return GraphiQL.createFetcher({ url: here.href, wsClient: client(opts && opts.headers) })(params, opts);
  }
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultEditorToolsVisibility: true,
    defaultTabs: tabs,
    shouldPersistHeaders: true
  }));
})();
</script>
</body>
</html>`;
}
