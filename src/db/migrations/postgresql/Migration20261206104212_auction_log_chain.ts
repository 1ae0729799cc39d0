import { Migration } from '@mikro-orm/migrations';

/**
 * The auction event log as a hash chain (issue 22; the form: src/common/trust/log-chain.ts). A BEFORE INSERT
 * trigger on auction_event computes previous_hash and hash with PostgreSQL's built-in sha256(), so every writer
 * (place_bid(), the locked path's AuctionWork.change, the seeds) chains in the transaction that appends the
 * event, while it holds the auction's row; the unique (auction_id, sequence) leaves one event to chain from, so
 * the chain cannot fork across connections or instances. The events already stored are chained here, in order.
 * A session with `auction_log.chain = off` (AUCTION_RECEIPTS=off: a benchmark's comparison) appends unchained.
 */
export class Migration20261206104212_auction_log_chain extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'alter table "auction_event" add column "hash" varchar(64) null, add column "previous_hash" varchar(64) null',
    );
    this.addSql('create index "auction_event_bid_id_index" on "auction_event" ("bid_id")');
    this.addSql(`
create or replace function auction_log_field(v text) returns text language sql immutable as $fn$
  select case when v is null then '~' else octet_length(convert_to(v, 'UTF8'))::text || ':' || v || ',' end
$fn$`);
    this.addSql(`
create or replace function auction_log_time(t timestamptz) returns text language sql immutable as $fn$
  select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$fn$`);
    this.addSql(`
create or replace function auction_log_genesis(p_code text) returns varchar language sql immutable as $fn$
  select encode(sha256(convert_to('auction-log/v1:' || p_code, 'UTF8')), 'hex')
$fn$`);
    // e's previous_hash and hash, from the event before it (or the genesis) and its bid, all read in the
    // transaction that appends e
    this.addSql(`
create or replace function auction_event_chained(e auction_event) returns auction_event language plpgsql as $fn$
declare
  b record;
  v_canonical text;
begin
  if e.sequence = 1 then
    select auction_log_genesis(a.code) into e.previous_hash from auction a where a.id = e.auction_id;
  else
    select p.hash into e.previous_hash from auction_event p
     where p.auction_id = e.auction_id and p.sequence = e.sequence - 1;
  end if;
  select x.sequence, x.amount, x.placed_at, x.bidding_number into b from bid x where x.id = e.bid_id;
  v_canonical := auction_log_field(e.sequence::text) || auction_log_field(e.type) ||
    auction_log_field(auction_log_time(e.occurred_at)) || auction_log_field(e.status) ||
    auction_log_field(e.current_price::text) || auction_log_field(auction_log_time(e.phase_ends_at)) ||
    auction_log_field(e.reason) ||
    auction_log_field(b.sequence::text) || auction_log_field(b.amount::text) ||
    auction_log_field(auction_log_time(b.placed_at)) || auction_log_field(b.bidding_number);
  e.hash := encode(sha256(decode(e.previous_hash, 'hex') || convert_to(v_canonical, 'UTF8')), 'hex');
  return e;
end
$fn$`);
    this.addSql(`
create or replace function auction_event_chain() returns trigger language plpgsql as $fn$
begin
  if current_setting('auction_log.chain', true) = 'off' then
    return new;
  end if;
  return auction_event_chained(new);
end
$fn$`);
    this.addSql(`
do $do$
declare
  r auction_event;
begin
  for r in select * from auction_event order by auction_id, sequence loop
    r := auction_event_chained(r);
    update auction_event set previous_hash = r.previous_hash, hash = r.hash where id = r.id;
  end loop;
end
$do$`);
    this.addSql(
      'create trigger auction_event_chain before insert on auction_event for each row execute function auction_event_chain()',
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists auction_event_chain on auction_event');
    this.addSql('drop function if exists auction_event_chain()');
    this.addSql('drop function if exists auction_event_chained(auction_event)');
    this.addSql('drop function if exists auction_log_genesis(text)');
    this.addSql('drop function if exists auction_log_time(timestamptz)');
    this.addSql('drop function if exists auction_log_field(text)');
    this.addSql('drop index "auction_event_bid_id_index"');
    this.addSql('alter table "auction_event" drop column "hash", drop column "previous_hash"');
  }
}
