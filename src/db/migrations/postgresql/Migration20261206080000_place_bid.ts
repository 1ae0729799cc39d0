import { Migration } from '@mikro-orm/migrations';

/**
 * place_bid(): the race path's decision inside the auction's row lock, in one round trip
 * (src/land/bid/bid.sql.ts, src/land/bid/bid.race.ts). Every check mirrors src/land/bid/bid.rules.ts.
 */
export class Migration20261206080000_place_bid extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create or replace function place_bid(
  p_auction uuid, p_bidder uuid, p_application uuid, p_key varchar, p_amount bigint, p_status varchar,
  p_now timestamptz, p_bid uuid, p_event uuid, p_audit jsonb)
returns table (o_outcome text, o_status varchar, o_current_price bigint, o_leading_application_id uuid,
               o_sequence int, o_event_sequence int, o_placed_at timestamptz, o_phase_ends_at timestamptz,
               o_phase varchar)
language plpgsql as $fn$
declare
  a auction%rowtype;
  v_now timestamptz := p_now;
  v_last timestamptz;
  v_number varchar(16);
  v_phase varchar(16);
  v_ends timestamptz;
begin
  select * into a from auction where id = p_auction for update;
  -- a clock step due, or a state the snapshot did not judge in: the locked path decides
  if not found or a.status <> p_status or (a.phase_ends_at is not null and a.phase_ends_at <= p_now) then
    return query select 'LOCKED_PATH'::text, null::varchar, null::bigint, null::uuid, null::int, null::int,
      null::timestamptz, null::timestamptz, null::varchar;
    return;
  end if;
  select ap.bidding_number into v_number from auction_application ap
   where ap.id = p_application and ap.auction_id = p_auction and ap.status = 'QUALIFIED';
  if not found or exists (select 1 from bid k where k.bidder_id = p_bidder and k.idempotency_key = p_key) then
    return query select 'LOCKED_PATH'::text, null::varchar, null::bigint, null::uuid, null::int, null::int,
      null::timestamptz, null::timestamptz, null::varchar;
    return;
  end if;
  if a.leading_application_id = p_application then
    return query select 'ALREADY_LEADING'::text, a.status, a.current_price, a.leading_application_id,
      null::int, null::int, null::timestamptz, null::timestamptz, null::varchar;
    return;
  end if;
  if p_amount < coalesce(a.current_price + a.increment, a.starting_price) then
    return query select 'BID_TOO_LOW'::text, a.status, a.current_price, a.leading_application_id,
      null::int, null::int, null::timestamptz, null::timestamptz, null::varchar;
    return;
  end if;
  -- acceptance order and time order agree even when the callers' clocks were read in another order
  if a.last_bid_sequence > 0 then
    select b.placed_at into v_last from bid b where b.auction_id = p_auction and b.sequence = a.last_bid_sequence;
    if v_last > v_now then v_now := v_last; end if;
    if a.phase_ends_at is not null and a.phase_ends_at <= v_now then
      return query select 'LOCKED_PATH'::text, null::varchar, null::bigint, null::uuid, null::int, null::int,
        null::timestamptz, null::timestamptz, null::varchar;
      return;
    end if;
  end if;
  if a.status = 'TIMED_BIDDING' then
    v_phase := 'TIMED';
    v_ends := v_now + make_interval(secs => a.timed_bidding_round_seconds);
  else
    v_phase := 'QUOTING';
    v_ends := a.phase_ends_at;
  end if;
  insert into bid (id, auction_id, application_id, bidder_id, sequence, amount, phase, placed_at, bidding_number,
                   idempotency_key)
  values (p_bid, p_auction, p_application, p_bidder, a.last_bid_sequence + 1, p_amount, v_phase, v_now,
          coalesce(v_number, ''), p_key);
  update auction set current_price = p_amount, leading_bid_id = p_bid, leading_application_id = p_application,
         last_bid_sequence = a.last_bid_sequence + 1, last_event_sequence = a.last_event_sequence + 1,
         version = a.version + 1, phase_ends_at = v_ends
   where id = p_auction;
  insert into auction_event (id, auction_id, sequence, type, occurred_at, status, bid_id, current_price,
                             phase_ends_at, reason)
  values (p_event, p_auction, a.last_event_sequence + 1, 'BID_PLACED', v_now, a.status, p_bid, p_amount, v_ends,
          null);
  if p_audit is not null then
    insert into audit_entry (id, occurred_at, subject, roles, scope_organization_id, bidder_id, member_id,
                             operation_name, field, domain, arguments_summary, outcome, ip)
    values ((p_audit->>'id')::uuid, v_now, p_audit->>'subject', p_audit->>'roles',
            p_audit->>'scopeOrganizationId', p_audit->>'bidderId', p_audit->>'memberId', p_audit->>'operationName',
            p_audit->>'field', p_audit->>'domain', p_audit->'argumentsSummary', 'OK', p_audit->>'ip');
  end if;
  return query select 'OK'::text, a.status, p_amount, p_application, a.last_bid_sequence + 1,
    a.last_event_sequence + 1, v_now, v_ends, v_phase;
end
$fn$`);
  }

  override async down(): Promise<void> {
    this.addSql(
      'drop function if exists place_bid(uuid, uuid, uuid, varchar, bigint, varchar, timestamptz, uuid, uuid, jsonb)',
    );
  }
}
