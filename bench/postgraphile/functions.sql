-- What PostGraphile needs to answer bench/queries' land reads with the platform's rules, as SQL in the bench's
-- own database (created for the run and dropped after it). PostGraphile exposes tables and foreign keys as they
-- are; the rest is computed columns and a setof function, its documented way to add rules.

-- the public list: every auction but drafts (the platform's listableStatuses for an anonymous viewer)
create or replace function listed_auctions() returns setof auction as $$
  select * from auction where status <> 'DRAFT'
$$ language sql stable;
comment on function listed_auctions() is E'@sortable';

-- one auction by id, null for a draft (the platform's auction(id) for an anonymous viewer)
create or replace function listed_auction(id uuid) returns auction as $$
  select * from auction where auction.id = listed_auction.id and status <> 'DRAFT'
$$ language sql stable;

-- leading_bid_id has no foreign key (the bid is written in the same transaction as the auction's row)
create or replace function auction_leading_bid(a auction) returns bid as $$
  select * from bid where bid.id = a.leading_bid_id
$$ language sql stable;

-- the award, public once awarded (canSeeWinnerName)
create or replace function auction_public_result(a auction) returns auction_result as $$
  select * from auction_result r
  where r.auction_id = a.id and a.status in ('AWARDED', 'DOCUMENTS_SUBMITTED', 'CONFIRMED', 'DEFAULTED')
$$ language sql stable;

-- (finalPrice − startingPrice) / startingPrice × 100, two decimals rounded half up, as text
create or replace function auction_result_premium_rate_percent(r auction_result) returns text as $$
  select to_char(round((r.final_price - a.starting_price) * 100::numeric / a.starting_price, 2), 'FM999999999990.00')
  from auction a where a.id = r.auction_id
$$ language sql stable;

-- The party read (partyMembers), for the bench's viewer: an organization department whose scope is everything,
-- so every member is visible and no scope predicate is needed.

-- members whose formal organization is the organization or below it, as the platform's subtreeRange: paths are
-- digits, so "starts with path" is formal_path >= path and < path + 1 (zero-padded to the same length), a range
-- the formal_path index serves under any collation. When path + 1 outgrows the length (path all nines) there is no
-- upper bound; 256 nines stands for it, above every path the 255-character column can hold, so that both bounds
-- stay plain comparisons the index can use. Not ordered here: the query asks for name, id (@sortable), which the
-- (name, id, formal_path) index serves.
create or replace function party_organization_members(o party_organization) returns setof party_member as $$
  select * from party_member m
  where m.formal_path >= o.path
    and m.formal_path < case when length((o.path::numeric + 1)::text) > length(o.path) then repeat('9', 256)
                             else lpad((o.path::numeric + 1)::text, length(o.path), '0') end
$$ language sql stable;
comment on function party_organization_members(party_organization) is E'@sortable';

-- how many members the subtree holds (an int, as the platform's memberCount; count(*) would be a bigint, which
-- PostGraphile answers as a string)
create or replace function party_organization_member_count(o party_organization) returns int as $$
  select count(*)::int from party_organization_members(o)
$$ language sql stable;

-- the member's active mobility record (at most one: active_key is the member's id while the record is active)
create or replace function party_member_current_mobility(m party_member) returns mobility_record as $$
  select * from mobility_record r where r.active_key = m.id
$$ language sql stable;

-- isMobileToday: an active record (not ENDED) whose member has been away six months or more by today, today being
-- the bench clock's day. PostGraphile cannot be given the platform's clock, so the day is a constant here: the
-- Shanghai date of BENCH_NOW (bench/queries/queries.ts, 2024-11-01T00:00:00+08:00); change both together.
-- Dates are 'YYYY-MM-DD' text, compared byte-wise (collate "C") as the platform compares strings.
create or replace function party_member_is_mobile(m party_member) returns boolean as $$
  select exists (
    select 1 from mobility_record r
    where r.active_key = m.id and r.status <> 'ENDED' and r.mobile_from <= '2024-11-01' collate "C"
  )
$$ language sql stable;
