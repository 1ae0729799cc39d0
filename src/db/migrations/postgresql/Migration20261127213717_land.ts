import { Migration } from '@mikro-orm/migrations';

export class Migration20261127213717_land extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table "bidder" ("id" uuid not null, "kind" varchar(32) not null, "name" varchar(200) not null, "domestic" boolean not null, "registration_number" varchar(64) not null, "certificate_pem" text null, "certificate_fingerprint" varchar(64) null, "certificate_subject" varchar(1000) null, "certificate_issuer" varchar(1000) null, "certificate_serial_number" varchar(128) null, "certificate_valid_from" timestamptz null, "certificate_valid_to" timestamptz null, "integrity_profile_complete" boolean not null default false, "created_at" timestamptz not null, constraint "bidder_pkey" primary key ("id"))',
    );
    this.addSql(
      'alter table "bidder" add constraint "bidder_registration_number_unique" unique ("registration_number")',
    );
    this.addSql(
      'alter table "bidder" add constraint "bidder_certificate_fingerprint_unique" unique ("certificate_fingerprint")',
    );
    this.addSql(
      'create table "auction" ("id" uuid not null, "code" varchar(64) not null, "title" varchar(500) not null, "parcel_id" uuid not null, "seller" jsonb not null, "trading_center" jsonb not null, "starting_price" bigint not null, "increment" bigint not null, "deposit" bigint not null, "reserve_price" bigint null, "announcement_start" timestamptz not null, "announcement_end" timestamptz not null, "application_start" timestamptz not null, "application_end" timestamptz not null, "deposit_deadline" timestamptz not null, "quote_start" timestamptz not null, "quote_end" timestamptz not null, "timed_bidding_round_seconds" int not null, "joint_application_allowed" boolean not null, "document_upload_days" int not null, "status" varchar(32) not null, "status_reason" varchar(1000) null, "phase_ends_at" timestamptz null, "suspended_from" varchar(32) null, "suspended_at" timestamptz null, "current_price" bigint null, "leading_bid_id" uuid null, "leading_application_id" uuid null, "last_bid_sequence" int not null default 0, "last_event_sequence" int not null default 0, "version" int not null default 1, "created_at" timestamptz not null, constraint "auction_pkey" primary key ("id"))',
    );
    this.addSql('alter table "auction" add constraint "auction_code_unique" unique ("code")');
    this.addSql('create index "auction_quote_end_index" on "auction" ("quote_end")');
    this.addSql('create index "auction_phase_ends_at_index" on "auction" ("phase_ends_at")');
    this.addSql(
      'create table "auction_application" ("id" uuid not null, "auction_id" uuid not null, "joint" boolean not null, "status" varchar(32) not null, "submitted_at" timestamptz not null, "deposit_account_number" varchar(32) not null, "deposit_bank_name" varchar(200) not null, "deposit_account_name" varchar(200) not null, "deposit_amount_due" bigint not null, "qualification_number" varchar(64) null, "bidding_number" varchar(16) null, "qualified_at" timestamptz null, "rejection_reason" varchar(1000) null, "closed_at" timestamptz null, constraint "auction_application_pkey" primary key ("id"))',
    );
    this.addSql(
      'alter table "auction_application" add constraint "auction_application_deposit_account_number_unique" unique ("deposit_account_number")',
    );
    this.addSql(
      'alter table "auction_application" add constraint "auction_application_auction_id_bidding_number_unique" unique ("auction_id", "bidding_number")',
    );
    this.addSql(
      'create table "deposit_payment" ("id" uuid not null, "application_id" uuid not null, "amount" bigint not null, "arrived_at" timestamptz not null, "bank_transaction_id" varchar(100) not null, "payer_account_name" varchar(200) not null, "accepted" boolean not null, "rejection_code" varchar(64) null, "reported_at" timestamptz not null, "refunded_at" timestamptz null, "refund_transaction_id" varchar(100) null, constraint "deposit_payment_pkey" primary key ("id"))',
    );
    this.addSql(
      'create index "deposit_payment_application_id_index" on "deposit_payment" ("application_id")',
    );
    this.addSql(
      'alter table "deposit_payment" add constraint "deposit_payment_bank_transaction_id_unique" unique ("bank_transaction_id")',
    );
    this.addSql(
      'alter table "deposit_payment" add constraint "deposit_payment_refund_transaction_id_unique" unique ("refund_transaction_id")',
    );
    this.addSql(
      'create table "bid" ("id" uuid not null, "auction_id" uuid not null, "application_id" uuid not null, "bidder_id" uuid not null, "sequence" int not null, "amount" bigint not null, "phase" varchar(16) not null, "placed_at" timestamptz not null, "bidding_number" varchar(16) not null, "idempotency_key" varchar(100) not null, constraint "bid_pkey" primary key ("id"))',
    );
    this.addSql('create index "bid_application_id_index" on "bid" ("application_id")');
    this.addSql(
      'alter table "bid" add constraint "bid_bidder_id_idempotency_key_unique" unique ("bidder_id", "idempotency_key")',
    );
    this.addSql(
      'alter table "bid" add constraint "bid_auction_id_amount_unique" unique ("auction_id", "amount")',
    );
    this.addSql(
      'alter table "bid" add constraint "bid_auction_id_sequence_unique" unique ("auction_id", "sequence")',
    );
    this.addSql(
      'create table "auction_event" ("id" uuid not null, "auction_id" uuid not null, "sequence" int not null, "type" varchar(32) not null, "occurred_at" timestamptz not null, "status" varchar(32) not null, "bid_id" uuid null, "current_price" bigint null, "phase_ends_at" timestamptz null, "reason" varchar(1000) null, constraint "auction_event_pkey" primary key ("id"))',
    );
    this.addSql(
      'alter table "auction_event" add constraint "auction_event_auction_id_sequence_unique" unique ("auction_id", "sequence")',
    );
    this.addSql(
      'create table "auction_result" ("id" uuid not null, "auction_id" uuid not null, "winner_application_id" uuid not null, "winner_bidding_number" varchar(16) not null, "winner_name" varchar(1000) not null, "final_price" bigint not null, "awarded_at" timestamptz not null, "documents_due_at" timestamptz not null, "transaction_notice_number" varchar(64) null, "confirmation_signed_at" timestamptz null, constraint "auction_result_pkey" primary key ("id"))',
    );
    this.addSql(
      'alter table "auction_result" add constraint "auction_result_auction_id_unique" unique ("auction_id")',
    );
    this.addSql(
      'create table "application_member" ("id" uuid not null, "application_id" uuid not null, "bidder_id" uuid not null, "share_percent" varchar(16) not null, "lead" boolean not null, "position" int not null, constraint "application_member_pkey" primary key ("id"))',
    );
    this.addSql('create index "application_member_bidder_id_index" on "application_member" ("bidder_id")');
    this.addSql(
      'alter table "application_member" add constraint "application_member_application_id_bidder_id_unique" unique ("application_id", "bidder_id")',
    );
    this.addSql(
      'create table "submitted_document" ("id" uuid not null, "result_id" uuid not null, "submitted_by_id" uuid not null, "kind" varchar(32) not null, "file_name" varchar(255) not null, "sha256" varchar(64) not null, "size_bytes" int not null, "submitted_at" timestamptz not null, constraint "submitted_document_pkey" primary key ("id"))',
    );
    this.addSql(
      'alter table "auction" add constraint "auction_parcel_id_foreign" foreign key ("parcel_id") references "land_parcel" ("id") on update cascade',
    );
    this.addSql(
      'alter table "auction_application" add constraint "auction_application_auction_id_foreign" foreign key ("auction_id") references "auction" ("id") on update cascade',
    );
    this.addSql(
      'alter table "deposit_payment" add constraint "deposit_payment_application_id_foreign" foreign key ("application_id") references "auction_application" ("id") on update cascade',
    );
    this.addSql(
      'alter table "bid" add constraint "bid_auction_id_foreign" foreign key ("auction_id") references "auction" ("id") on update cascade',
    );
    this.addSql(
      'alter table "bid" add constraint "bid_application_id_foreign" foreign key ("application_id") references "auction_application" ("id") on update cascade',
    );
    this.addSql(
      'alter table "bid" add constraint "bid_bidder_id_foreign" foreign key ("bidder_id") references "bidder" ("id") on update cascade',
    );
    this.addSql(
      'alter table "auction_event" add constraint "auction_event_auction_id_foreign" foreign key ("auction_id") references "auction" ("id") on update cascade',
    );
    this.addSql(
      'alter table "auction_event" add constraint "auction_event_bid_id_foreign" foreign key ("bid_id") references "bid" ("id") on update cascade on delete set null',
    );
    this.addSql(
      'alter table "auction_result" add constraint "auction_result_auction_id_foreign" foreign key ("auction_id") references "auction" ("id") on update cascade',
    );
    this.addSql(
      'alter table "auction_result" add constraint "auction_result_winner_application_id_foreign" foreign key ("winner_application_id") references "auction_application" ("id") on update cascade',
    );
    this.addSql(
      'alter table "application_member" add constraint "application_member_application_id_foreign" foreign key ("application_id") references "auction_application" ("id") on update cascade',
    );
    this.addSql(
      'alter table "application_member" add constraint "application_member_bidder_id_foreign" foreign key ("bidder_id") references "bidder" ("id") on update cascade',
    );
    this.addSql(
      'alter table "submitted_document" add constraint "submitted_document_result_id_foreign" foreign key ("result_id") references "auction_result" ("id") on update cascade',
    );
    this.addSql(
      'alter table "submitted_document" add constraint "submitted_document_submitted_by_id_foreign" foreign key ("submitted_by_id") references "bidder" ("id") on update cascade',
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "bid" drop constraint "bid_bidder_id_foreign"');
    this.addSql('alter table "application_member" drop constraint "application_member_bidder_id_foreign"');
    this.addSql(
      'alter table "submitted_document" drop constraint "submitted_document_submitted_by_id_foreign"',
    );
    this.addSql('alter table "auction_application" drop constraint "auction_application_auction_id_foreign"');
    this.addSql('alter table "bid" drop constraint "bid_auction_id_foreign"');
    this.addSql('alter table "auction_event" drop constraint "auction_event_auction_id_foreign"');
    this.addSql('alter table "auction_result" drop constraint "auction_result_auction_id_foreign"');
    this.addSql('alter table "deposit_payment" drop constraint "deposit_payment_application_id_foreign"');
    this.addSql('alter table "bid" drop constraint "bid_application_id_foreign"');
    this.addSql(
      'alter table "auction_result" drop constraint "auction_result_winner_application_id_foreign"',
    );
    this.addSql(
      'alter table "application_member" drop constraint "application_member_application_id_foreign"',
    );
    this.addSql('alter table "auction_event" drop constraint "auction_event_bid_id_foreign"');
    this.addSql('alter table "submitted_document" drop constraint "submitted_document_result_id_foreign"');
    this.addSql('drop table if exists "bidder" cascade');
    this.addSql('drop table if exists "auction" cascade');
    this.addSql('drop table if exists "auction_application" cascade');
    this.addSql('drop table if exists "deposit_payment" cascade');
    this.addSql('drop table if exists "bid" cascade');
    this.addSql('drop table if exists "auction_event" cascade');
    this.addSql('drop table if exists "auction_result" cascade');
    this.addSql('drop table if exists "application_member" cascade');
    this.addSql('drop table if exists "submitted_document" cascade');
  }
}
