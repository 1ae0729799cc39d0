import { Migration } from '@mikro-orm/migrations';
import { chainHash, genesisHash } from '../../../common/trust/log-chain';

/**
 * The auction event log as a hash chain (issue 22; the form: src/common/trust/log-chain.ts). An AFTER INSERT
 * trigger sets previous_hash and hash in the transaction that appends the event (SQLite has no SHA-256: the
 * trigger calls auction_log_genesis() / auction_log_hash(), registered on every connection by src/db/orm.ts).
 * The events already stored are chained here, in TypeScript, in order.
 */
export class Migration20261206104212_auction_log_chain extends Migration {
  override async up(): Promise<void> {
    // run now, in order (addSql would run after the backfill below)
    await this.execute('alter table `auction_event` add column `hash` text null');
    await this.execute('alter table `auction_event` add column `previous_hash` text null');
    const rows = (await this.execute(
      `select e.id, e.sequence, e.type, e.occurred_at, e.status, e.current_price, e.phase_ends_at, e.reason,
              b.sequence as bid_sequence, b.amount as bid_amount, b.placed_at as bid_placed_at,
              b.bidding_number, a.code
         from auction_event e join auction a on a.id = e.auction_id left join bid b on b.id = e.bid_id
        order by e.auction_id, e.sequence`,
    )) as Record<string, unknown>[];
    let previous = '';
    for (const r of rows) {
      const sequence = Number(r.sequence);
      if (sequence === 1) previous = genesisHash(String(r.code));
      const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
      const hash = chainHash(previous, {
        sequence,
        type: String(r.type),
        occurredAt: Number(r.occurred_at),
        status: String(r.status),
        currentPrice: num(r.current_price),
        phaseEndsAt: num(r.phase_ends_at),
        reason: (r.reason as string | null) ?? null,
        bid:
          r.bid_sequence === null || r.bid_sequence === undefined
            ? null
            : {
                sequence: Number(r.bid_sequence),
                amount: Number(r.bid_amount),
                placedAt: Number(r.bid_placed_at),
                biddingNumber: String(r.bidding_number),
              },
      });
      await this.execute('update `auction_event` set `previous_hash` = ?, `hash` = ? where `id` = ?', [
        previous,
        hash,
        r.id,
      ]);
      previous = hash;
    }
    await this.execute(`
create trigger auction_event_chain after insert on auction_event when auction_log_enabled()
begin
  update auction_event set previous_hash = case
      when new.sequence = 1 then (select auction_log_genesis(a.code) from auction a where a.id = new.auction_id)
      else (select p.hash from auction_event p where p.auction_id = new.auction_id and p.sequence = new.sequence - 1)
    end
   where id = new.id;
  update auction_event set hash = (
      select auction_log_hash(e.previous_hash, e.sequence, e.type, e.occurred_at, e.status, e.current_price,
                              e.phase_ends_at, e.reason, b.sequence, b.amount, b.placed_at, b.bidding_number)
        from auction_event e left join bid b on b.id = e.bid_id where e.id = new.id)
   where id = new.id;
end`);
  }

  override async down(): Promise<void> {
    this.addSql('drop trigger if exists auction_event_chain');
    this.addSql('alter table `auction_event` drop column `previous_hash`');
    this.addSql('alter table `auction_event` drop column `hash`');
  }
}
