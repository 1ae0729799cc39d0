/**
 * The live viewer (issue 4, item 5): `GET /live/<auction code>`, a self-contained page for the public. It
 * asks for the auction by code and the server's clock over HTTP, then follows `auctionEvents` over
 * graphql-ws (the client from the installed graphql-ws package, served from here: no CDN) from sequence 0,
 * so the log replays and then goes live. It shows the phase and its countdown against server time, the
 * current price, the next minimum bid and the bids by bidding number (竞买号牌) only. After a dropped
 * connection the client resubscribes from the last sequence it showed: nothing is missed or shown twice.
 * When trading ends it says how (issue 18): 成交 with the winning bidding number and the 成交价 in large
 * type, or 流拍 with the reason; the next minimum bid goes away; the server completes the stream.
 *
 * Chinese is set in Noto Sans SC served with the page from the @expo-google-fonts/noto-sans-sc package (the
 * same TTF files the PDF documents embed), so the page reads right on a machine without a CJK font.
 *
 * Only contract fields are used (../shared/contract/schema.graphql).
 */
import { dirname, join } from 'node:path';
import type { Express } from 'express';

export const LIVE_ASSET_PATH = '/live-assets';
const GRAPHQL_WS_UMD = join(dirname(require.resolve('graphql-ws/package.json')), 'umd/graphql-ws.min.js');
const NOTO_SANS_SC = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
/** the CJK web font: the package's full TTF files (every glyph; the browser caches them) */
export const LIVE_FONTS: Readonly<Record<string, string>> = {
  'NotoSansSC-Regular.ttf': join(NOTO_SANS_SC, '400Regular', 'NotoSansSC_400Regular.ttf'),
  'NotoSansSC-Bold.ttf': join(NOTO_SANS_SC, '700Bold', 'NotoSansSC_700Bold.ttf'),
};
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="12" fill="#b71c1c"/><path d="M14 44h36M20 44V26l12-8 12 8v18M28 44V32h8v12" fill="none" stroke="#fff" stroke-width="4" stroke-linejoin="round"/></svg>';

export const LIVE_PAGE_QUERY = `query LivePage($code: String!) {
  serverTime
  auctionByCode(code: $code) {
    id
    code
    title
    status
    phaseEndsAt
    currentPrice
    nextMinimumBid
    startingPrice
    increment
    bidCount
    statusReason
    result { winnerBiddingNumber finalPrice awardedAt }
    bids(first: 100) { edges { node { sequence amount phase placedAt biddingNumber } } }
  }
}`;

export const LIVE_PAGE_SERVER_TIME = `query ServerTime { serverTime }`;

export const LIVE_PAGE_SUBSCRIPTION = `subscription LivePageEvents($auctionId: ID!, $afterSequence: Int) {
  auctionEvents(auctionId: $auctionId, afterSequence: $afterSequence) {
    sequence
    type
    occurredAt
    status
    currentPrice
    phaseEndsAt
    reason
    bid { sequence amount phase placedAt biddingNumber }
  }
}`;

/**
 * The same subscription with the hash chain this server adds to the contract (README: Receipts and the
 * verifiable auction log). The page asks for it first and checks every link; a server that offers only the
 * contract refuses it, and the page then follows the contract's subscription without the mark.
 */
export const LIVE_PAGE_CHAIN_SUBSCRIPTION = LIVE_PAGE_SUBSCRIPTION.replace(
  'subscription LivePageEvents(',
  'subscription LivePageChainedEvents(',
).replace('    reason\n', '    reason\n    hash\n    previousHash\n');

/** the page's own documents: trusted like the SDK's (TRUSTED_DOCUMENTS=enforce) */
export const LIVE_PAGE_DOCUMENTS: readonly string[] = [
  LIVE_PAGE_QUERY,
  LIVE_PAGE_SERVER_TIME,
  LIVE_PAGE_SUBSCRIPTION,
  LIVE_PAGE_CHAIN_SUBSCRIPTION,
];

export function mountLivePage(app: Express): void {
  app.get(`${LIVE_ASSET_PATH}/graphql-ws.js`, (_req, res) => {
    res.sendFile(GRAPHQL_WS_UMD, { maxAge: '1h', headers: { 'X-Content-Type-Options': 'nosniff' } });
  });
  for (const [name, file] of Object.entries(LIVE_FONTS)) {
    app.get(`${LIVE_ASSET_PATH}/${name}`, (_req, res) => {
      res.sendFile(file, {
        maxAge: '7d',
        headers: { 'Content-Type': 'font/ttf', 'X-Content-Type-Options': 'nosniff' },
      });
    });
  }
  for (const path of ['/favicon.svg', '/favicon.ico']) {
    app.get(path, (_req, res) => {
      res.type('image/svg+xml').set('Cache-Control', 'public, max-age=86400').send(FAVICON_SVG);
    });
  }
  app.get('/live/:code', (req, res) => {
    res
      .type('html')
      .set('Cache-Control', 'no-store')
      .set('X-Content-Type-Options', 'nosniff')
      .send(livePageHtml(req.params.code));
  });
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

export function livePageHtml(code: string): string {
  const config = {
    code,
    query: LIVE_PAGE_QUERY,
    serverTimeQuery: LIVE_PAGE_SERVER_TIME,
    subscription: LIVE_PAGE_SUBSCRIPTION,
    chainSubscription: LIVE_PAGE_CHAIN_SUBSCRIPTION,
  };
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(code)} · 网上挂牌出让 实时竞价</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="preload" href="${LIVE_ASSET_PATH}/NotoSansSC-Regular.ttf" as="font" type="font/ttf" crossorigin>
<style>
  @font-face { font-family: "Noto Sans SC"; font-weight: 400; font-display: swap; src: url("${LIVE_ASSET_PATH}/NotoSansSC-Regular.ttf") format("truetype"); }
  @font-face { font-family: "Noto Sans SC"; font-weight: 600 700; font-display: swap; src: url("${LIVE_ASSET_PATH}/NotoSansSC-Bold.ttf") format("truetype"); }
  :root { color-scheme: light; --accent: #b71c1c; --muted: #666; }
  body { font-family: "Noto Sans SC", system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; background: #f6f6f4; color: #222; }
  header { background: var(--accent); color: #fff; padding: 12px 20px; display: flex; justify-content: space-between; align-items: baseline; gap: 12px; flex-wrap: wrap; }
  header h1 { font-size: 1.2rem; margin: 0; }
  main { max-width: 1200px; margin: 0 auto; padding: 16px; display: grid; gap: 16px; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); }
  section { background: #fff; border-radius: 8px; padding: 14px 18px; box-shadow: 0 1px 2px rgba(0,0,0,.08); }
  h2 { font-size: .9rem; color: var(--muted); margin: 0 0 6px; font-weight: normal; }
  .big { font-size: clamp(1.2rem, 2.2vw, 1.7rem); font-variant-numeric: tabular-nums; font-weight: 600; white-space: nowrap; }
  .amount { white-space: nowrap; font-variant-numeric: tabular-nums; }
  #outcome { grid-column: 1 / -1; text-align: center; padding: 24px; border-top: 6px solid var(--accent); }
  #outcome[hidden], section[hidden] { display: none; }
  #outcome-title { font-size: clamp(2.5rem, 6vw, 4rem); font-weight: 700; color: var(--accent); letter-spacing: .2em; }
  .outcome-row { display: flex; justify-content: center; gap: 48px; flex-wrap: wrap; margin-top: 12px; }
  .huge { font-size: clamp(2rem, 4.5vw, 3.2rem); font-weight: 700; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .small { color: var(--muted); font-size: .85rem; }
  #bids-section { grid-column: 1 / -1; }
  ol { list-style: none; margin: 0; padding: 0; max-height: 60vh; overflow-y: auto; }
  li { display: grid; grid-template-columns: 4em 8em 1fr auto; gap: 8px; padding: 6px 0; border-bottom: 1px solid #eee; font-variant-numeric: tabular-nums; }
  li span { white-space: nowrap; }
  li:first-child { font-weight: 600; }
  #connection[data-state="open"] { color: #c8f7c5; }
  #error { color: var(--accent); grid-column: 1 / -1; }
  #error:empty { display: none; }
</style>
</head>
<body>
<header>
  <h1><span id="title">${escapeHtml(code)}</span> <span class="small" id="code" style="color:#fdd">${escapeHtml(code)}</span></h1>
  <span><span id="log-verified" data-testid="log-verified" title="事件链哈希已在本页重新计算并核对 (README: Receipts and the verifiable auction log)" hidden>✔ 记录已验证</span>
  <span id="connection" data-testid="connection" data-state="connecting">连接中…</span></span>
</header>
<main>
  <section id="outcome" data-testid="outcome" hidden>
    <div id="outcome-title" data-testid="outcome-title"></div>
    <div class="outcome-row" id="outcome-awarded">
      <div><h2>竞得人竞买号牌 Winning bidding number</h2><div class="huge" id="winner" data-testid="winner">—</div></div>
      <div><h2>成交价 Final price</h2><div class="huge amount" id="final-price" data-testid="final-price">—</div>
        <div class="small" id="final-price-wan"></div></div>
    </div>
    <div class="outcome-row" id="outcome-failed"><div class="big" id="outcome-reason" data-testid="outcome-reason"></div></div>
  </section>
  <section><h2>阶段 Phase</h2><div class="big" id="status" data-testid="status">—</div>
    <div class="small"><span id="countdown-label">&nbsp;</span></div>
    <div class="big" id="countdown" data-testid="countdown">—</div></section>
  <section><h2>当前价 Current price</h2><div class="big" id="current-price" data-testid="current-price">—</div>
    <div class="small" id="current-price-wan"></div></section>
  <section id="next-minimum-bid-section" data-testid="next-minimum-bid-section"><h2>下一最低报价 Next minimum bid</h2><div class="big" id="next-minimum-bid" data-testid="next-minimum-bid">—</div>
    <div class="small">增价幅度 <span id="increment">—</span></div></section>
  <section id="bids-section"><h2>报价记录（竞买号牌）Bids by bidding number — <span id="bid-count" data-testid="bid-count">0</span></h2>
    <ol id="bids" data-testid="bids"></ol>
    <div class="small">已同步至事件 <span id="last-sequence" data-testid="last-sequence">0</span></div></section>
  <div id="error" data-testid="error" role="alert"></div>
</main>
<script src="${LIVE_ASSET_PATH}/graphql-ws.js"></script>
<script>
(function () {
  'use strict';
  var config = ${scriptJson(config)};
  var httpUrl = new URL('/graphql', window.location.href).href;
  var wsUrl = httpUrl.replace(/^http/, 'ws');

  var STATUS = {
    IMPORTED: '已录入（历史公告）', DRAFT: '草稿', ANNOUNCED: '挂牌公告期', QUOTING: '挂牌报价期',
    TIMED_BIDDING: '限时竞价', AWARDED: '成交', FAILED: '流拍', DOCUMENTS_SUBMITTED: '已提交竞买资料',
    CONFIRMED: '已签订成交确认书', DEFAULTED: '违约', SUSPENDED: '中止', TERMINATED: '终止'
  };
  var COUNTDOWN = {
    ANNOUNCED: '距挂牌报价开始', QUOTING: '距挂牌报价截止', TIMED_BIDDING: '本轮限时竞价剩余', AWARDED: '竞买资料提交截止'
  };

  // trading goes on (a next minimum bid means something) only in these
  var TRADING = { ANNOUNCED: true, QUOTING: true, TIMED_BIDDING: true, SUSPENDED: true, DRAFT: true };
  var OVER = { AWARDED: true, DOCUMENTS_SUBMITTED: true, CONFIRMED: true, DEFAULTED: true, FAILED: true, TERMINATED: true, IMPORTED: true };

  var state = {
    result: null, statusReason: null, failReason: null,
    auctionId: null, status: null, phaseEndsAt: null, currentPrice: null, nextMinimumBid: null,
    startingPrice: null, increment: null, bids: new Map(), lastSequence: 0, lastBidSequence: 0, offsetMs: 0
  };

  // Money is a decimal string in yuan; arithmetic in fen, exactly (BigInt), never floats
  function toFen(money) {
    var m = /^(-?)(\\d+)(?:\\.(\\d{1,2}))?$/.exec(money);
    if (!m) return null;
    var fen = BigInt(m[2]) * 100n + BigInt(((m[3] || '') + '00').slice(0, 2));
    return m[1] ? -fen : fen;
  }
  function fromFen(fen) {
    var negative = fen < 0n; if (negative) fen = -fen;
    var yuan = (fen / 100n).toString().replace(/\\B(?=(\\d{3})+(?!\\d))/g, ',');
    return (negative ? '-' : '') + yuan + '.' + (fen % 100n).toString().padStart(2, '0');
  }
  function yuan(money) { var fen = money == null ? null : toFen(money); return fen == null ? '—' : fromFen(fen) + ' 元'; }
  function wan(money) {
    var fen = money == null ? null : toFen(money);
    if (fen == null) return '';
    var tenThousandths = fen / 100n; // yuan
    return '约 ' + (Number(tenThousandths) / 10000).toLocaleString('zh-CN', { maximumFractionDigits: 2 }) + ' 万元';
  }
  function shanghai(iso) {
    return new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  }
  function text(id, value) { var el = document.getElementById(id); if (el.textContent !== value) el.textContent = value; }

  async function graphql(query, variables) {
    var response = await fetch(httpUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: query, variables: variables })
    });
    var body = await response.json();
    if (body.errors && body.errors.length) throw new Error(body.errors.map(function (e) { return e.message; }).join('; '));
    return body.data;
  }

  // server time: offset = serverTime − local time, measured at the middle of the round trip
  async function syncClock() {
    var sent = Date.now();
    var data = await graphql(config.serverTimeQuery, {});
    var received = Date.now();
    state.offsetMs = new Date(data.serverTime).getTime() - (sent + received) / 2;
  }

  function addBid(bid) {
    if (!bid || state.bids.has(bid.sequence)) return;
    state.bids.set(bid.sequence, bid);
  }

  // the hash chain (README: Receipts and the verifiable auction log), recomputed here event by event; the
  // mark shows while every link received so far holds
  var chain = { previous: null, broken: false, queue: Promise.resolve() };
  var utf8 = new TextEncoder();
  function field(text) { return text == null ? '~' : utf8.encode(text).length + ':' + text + ','; }
  function isoOrNull(t) { return t == null ? null : new Date(t).toISOString(); }
  function fenText(money) { return money == null ? null : toFen(money).toString(); }
  function canonical(e) {
    var b = e.bid || null;
    return [String(e.sequence), e.type, isoOrNull(e.occurredAt), e.status, fenText(e.currentPrice), isoOrNull(e.phaseEndsAt),
      e.reason == null ? null : e.reason, b ? String(b.sequence) : null, b ? fenText(b.amount) : null,
      b ? isoOrNull(b.placedAt) : null, b ? b.biddingNumber : null].map(field).join('');
  }
  async function sha256Hex(bytes) {
    var digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return Array.from(digest, function (x) { return x.toString(16).padStart(2, '0'); }).join('');
  }
  function checkLink(event) {
    if (!window.crypto || !crypto.subtle) return;
    chain.queue = chain.queue.then(async function () {
      if (chain.broken) return;
      if (chain.previous === null) chain.previous = await sha256Hex(utf8.encode('auction-log/v1:' + state.code));
      var previous = Uint8Array.from(chain.previous.match(/../g), function (h) { return parseInt(h, 16); });
      var body = utf8.encode(canonical(event));
      var bytes = new Uint8Array(previous.length + body.length);
      bytes.set(previous); bytes.set(body, previous.length);
      var good = event.previousHash === chain.previous && (await sha256Hex(bytes)) === event.hash;
      chain.broken = !good;
      chain.previous = event.hash;
      document.getElementById('log-verified').hidden = !good;
    }).catch(function () { chain.broken = true; document.getElementById('log-verified').hidden = true; });
  }

  function apply(event) {
    if (event.sequence <= state.lastSequence) return; // never twice (the server guarantees it; cheap to check)
    if (event.sequence === state.lastSequence + 1) checkLink(event); else chain.broken = true;
    state.lastSequence = event.sequence;
    state.status = event.status;
    state.phaseEndsAt = event.phaseEndsAt;
    if (event.reason) state.failReason = event.reason;
    // the end of trading: the result (winner, price) and the reason come with the auction
    if (OVER[event.status] && !state.result) loadOutcome();
    if (event.type === 'BID_PLACED' && event.bid) {
      addBid(event.bid);
      // bids are numbered 1, 2, 3 …: the price only moves forward, even while older events replay
      if (event.bid.sequence > state.lastBidSequence) {
        state.lastBidSequence = event.bid.sequence;
        state.currentPrice = event.bid.amount;
        state.nextMinimumBid = fromFen(toFen(event.bid.amount) + toFen(state.increment)).replace(/,/g, '');
      }
    }
  }

  // at most one repaint per 50 ms: a replay of the log that arrives at once shows only where it ends
  var renderQueued = false;
  function render() {
    if (renderQueued) return;
    renderQueued = true;
    setTimeout(function () {
      renderQueued = false;
      text('status', STATUS[state.status] || state.status || '—');
      document.getElementById('status').dataset.status = state.status || '';
      text('current-price', yuan(state.currentPrice));
      text('current-price-wan', wan(state.currentPrice));
      text('next-minimum-bid', yuan(state.nextMinimumBid));
      document.getElementById('next-minimum-bid-section').hidden = !TRADING[state.status];
      renderOutcome();
      text('increment', yuan(state.increment));
      text('last-sequence', String(state.lastSequence));
      var list = document.getElementById('bids');
      var sequences = Array.from(state.bids.keys()).sort(function (a, b) { return b - a; });
      text('bid-count', String(sequences.length));
      var rendered = list.children.length ? Number(list.children[0].dataset.sequence) : 0;
      if (sequences.length !== list.children.length || (sequences[0] || 0) !== rendered) {
        var fragment = document.createDocumentFragment();
        sequences.forEach(function (sequence) {
          var bid = state.bids.get(sequence);
          var li = document.createElement('li');
          li.dataset.sequence = String(sequence);
          li.dataset.biddingNumber = bid.biddingNumber;
          [['#' + sequence], ['号牌 ' + bid.biddingNumber], [yuan(bid.amount)], [shanghai(bid.placedAt)]].forEach(function (cell) {
            var span = document.createElement('span'); span.textContent = cell[0]; li.appendChild(span);
          });
          fragment.appendChild(li);
        });
        list.replaceChildren(fragment);
      }
      tick();
    }, 50);
  }

  async function loadOutcome() {
    try {
      var data = await graphql(config.query, { code: config.code });
      var auction = data.auctionByCode;
      if (!auction) return;
      state.result = auction.result;
      state.statusReason = auction.statusReason;
      render();
    } catch (error) {
      setTimeout(loadOutcome, 2000);
    }
  }

  function renderOutcome() {
    var outcome = document.getElementById('outcome');
    var awarded = state.result && (state.status === 'AWARDED' || state.status === 'DOCUMENTS_SUBMITTED' || state.status === 'CONFIRMED' || state.status === 'DEFAULTED');
    var failed = state.status === 'FAILED' || state.status === 'TERMINATED';
    outcome.hidden = !(awarded || failed);
    outcome.dataset.outcome = awarded ? 'AWARDED' : failed ? state.status : '';
    document.getElementById('outcome-awarded').hidden = !awarded;
    document.getElementById('outcome-failed').hidden = !failed;
    if (awarded) {
      text('outcome-title', '成交');
      text('winner', state.result.winnerBiddingNumber);
      text('final-price', yuan(state.result.finalPrice));
      text('final-price-wan', wan(state.result.finalPrice));
    } else if (failed) {
      text('outcome-title', state.status === 'FAILED' ? '流拍' : '终止');
      text('outcome-reason', '原因：' + (state.statusReason || state.failReason || (state.status === 'FAILED' ? '挂牌报价期内无有效报价' : '交易中心终止挂牌')));
    }
  }

  function tick() {
    var label = COUNTDOWN[state.status];
    if (!label || !state.phaseEndsAt) {
      text('countdown-label', ' ');
      text('countdown', '—');
      return;
    }
    text('countdown-label', label + '（以交易系统服务器时间为准）');
    var remaining = Math.max(0, new Date(state.phaseEndsAt).getTime() - (Date.now() + state.offsetMs));
    var seconds = Math.floor(remaining / 1000);
    var days = Math.floor(seconds / 86400);
    var clock = [Math.floor(seconds / 3600) % 24, Math.floor(seconds / 60) % 60, seconds % 60]
      .map(function (n) { return String(n).padStart(2, '0'); }).join(':');
    text('countdown', (days ? days + ' 天 ' : '') + clock);
  }

  function connection(stateName, label) {
    var el = document.getElementById('connection');
    el.dataset.state = stateName;
    el.textContent = label;
  }
  function fail(message) { text('error', message); }

  async function start() {
    try {
      await syncClock();
      var data = await graphql(config.query, { code: config.code });
      var auction = data.auctionByCode;
      if (!auction) { fail('未找到拍卖 ' + config.code + ' / no auction with this code'); connection('closed', '—'); return; }
      state.auctionId = auction.id;
      state.code = auction.code;
      state.lastBidSequence = auction.bidCount;
      state.status = auction.status;
      state.phaseEndsAt = auction.phaseEndsAt;
      state.currentPrice = auction.currentPrice;
      state.nextMinimumBid = auction.nextMinimumBid;
      state.startingPrice = auction.startingPrice;
      state.increment = auction.increment;
      state.result = auction.result;
      state.statusReason = auction.statusReason;
      text('title', auction.title);
      document.title = auction.code + ' · ' + auction.title + ' · 实时竞价';
      auction.bids.edges.forEach(function (edge) { addBid(edge.node); });
      render();
      subscribe();
      setInterval(tick, 250);
      setInterval(function () { syncClock().catch(function () {}); }, 60000);
    } catch (error) {
      fail('加载失败 / failed to load: ' + error.message);
    }
  }

  function subscribe() {
    // graphql-ws sends this very payload object again on every reconnect, so keeping afterSequence up to
    // date here makes each retry resume after the last event shown
    var finished = false;
    var payload = { query: config.chainSubscription, variables: { auctionId: state.auctionId, afterSequence: 0 } };
    var client = graphqlWs.createClient({
      url: wsUrl,
      retryAttempts: Infinity,
      shouldRetry: function () { return true; },
      retryWait: function (retries) {
        return new Promise(function (resolve) { setTimeout(resolve, Math.min(5000, 250 * Math.pow(2, retries)) * (0.5 + Math.random() / 2)); });
      },
      on: {
        connected: function () { connection('open', '● 实时'); },
        closed: function () { if (!finished) connection('reconnecting', '重连中…'); },
        error: function () { if (!finished) connection('reconnecting', '重连中…'); }
      }
    });
    follow(client, payload, function (value) { finished = value; });
  }

  function follow(client, payload, setFinished) {
    client.subscribe(payload, {
      next: function (result) {
        if (result.errors && result.errors.length) fail(result.errors.map(function (e) { return e.message; }).join('; '));
        var event = result.data && result.data.auctionEvents;
        if (!event) return;
        apply(event);
        payload.variables.afterSequence = state.lastSequence;
        render();
      },
      error: function (error) {
        // a server with only the contract does not know the chain fields: follow its own subscription instead
        if (payload.query === config.chainSubscription && Array.isArray(error) && error.some(function (e) { return /hash/.test(e.message); })) {
          chain.broken = true;
          payload.query = config.subscription;
          follow(client, payload, setFinished);
          return;
        }
        fail('实时连接中断 / live connection failed: ' + (error && error.message ? error.message : Array.isArray(error) ? error.map(function (e) { return e.message; }).join('; ') : String(error && error.code || error)));
      },
      // the server completes the stream once trading has ended: the socket closing after that is no drop
      complete: function () { setFinished(true); connection('closed', '已结束'); }
    });
  }

  start();
})();
</script>
</body>
</html>`;
}
