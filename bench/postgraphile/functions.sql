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
