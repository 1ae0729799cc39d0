import { Migration } from '@mikro-orm/migrations';

export class Migration20261127213717_land extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `bidder` (`id` text not null, `kind` text not null, `name` text not null, `domestic` integer not null, `registration_number` text not null, `certificate_pem` text null, `certificate_fingerprint` text null, `certificate_subject` text null, `certificate_issuer` text null, `certificate_serial_number` text null, `certificate_valid_from` datetime null, `certificate_valid_to` datetime null, `integrity_profile_complete` integer not null default false, `created_at` datetime not null, primary key (`id`))',
    );
    this.addSql(
      'create unique index `bidder_registration_number_unique` on `bidder` (`registration_number`)',
    );
    this.addSql(
      'create unique index `bidder_certificate_fingerprint_unique` on `bidder` (`certificate_fingerprint`)',
    );
    this.addSql(
      'create table `auction` (`id` text not null, `code` text not null, `title` text not null, `parcel_id` text not null, `seller` json not null, `trading_center` json not null, `starting_price` bigint not null, `increment` bigint not null, `deposit` bigint not null, `reserve_price` bigint null, `announcement_start` datetime not null, `announcement_end` datetime not null, `application_start` datetime not null, `application_end` datetime not null, `deposit_deadline` datetime not null, `quote_start` datetime not null, `quote_end` datetime not null, `timed_bidding_round_seconds` integer not null, `joint_application_allowed` integer not null, `document_upload_days` integer not null, `status` text not null, `status_reason` text null, `phase_ends_at` datetime null, `suspended_from` text null, `suspended_at` datetime null, `current_price` bigint null, `leading_bid_id` text null, `leading_application_id` text null, `last_bid_sequence` integer not null default 0, `last_event_sequence` integer not null default 0, `version` integer not null default 1, `created_at` datetime not null, constraint `auction_parcel_id_foreign` foreign key(`parcel_id`) references `land_parcel`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql('create unique index `auction_code_unique` on `auction` (`code`)');
    this.addSql('create index `auction_parcel_id_index` on `auction` (`parcel_id`)');
    this.addSql('create index `auction_quote_end_index` on `auction` (`quote_end`)');
    this.addSql('create index `auction_phase_ends_at_index` on `auction` (`phase_ends_at`)');
    this.addSql(
      'create table `auction_application` (`id` text not null, `auction_id` text not null, `joint` integer not null, `status` text not null, `submitted_at` datetime not null, `deposit_account_number` text not null, `deposit_bank_name` text not null, `deposit_account_name` text not null, `deposit_amount_due` bigint not null, `qualification_number` text null, `bidding_number` text null, `qualified_at` datetime null, `rejection_reason` text null, `closed_at` datetime null, constraint `auction_application_auction_id_foreign` foreign key(`auction_id`) references `auction`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `auction_application_auction_id_index` on `auction_application` (`auction_id`)',
    );
    this.addSql(
      'create unique index `auction_application_deposit_account_number_unique` on `auction_application` (`deposit_account_number`)',
    );
    this.addSql(
      'create unique index `auction_application_auction_id_bidding_number_unique` on `auction_application` (`auction_id`, `bidding_number`)',
    );
    this.addSql(
      'create table `deposit_payment` (`id` text not null, `application_id` text not null, `amount` bigint not null, `arrived_at` datetime not null, `bank_transaction_id` text not null, `payer_account_name` text not null, `accepted` integer not null, `rejection_code` text null, `reported_at` datetime not null, `refunded_at` datetime null, `refund_transaction_id` text null, constraint `deposit_payment_application_id_foreign` foreign key(`application_id`) references `auction_application`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `deposit_payment_application_id_index` on `deposit_payment` (`application_id`)',
    );
    this.addSql(
      'create unique index `deposit_payment_bank_transaction_id_unique` on `deposit_payment` (`bank_transaction_id`)',
    );
    this.addSql(
      'create unique index `deposit_payment_refund_transaction_id_unique` on `deposit_payment` (`refund_transaction_id`)',
    );
    this.addSql(
      'create table `bid` (`id` text not null, `auction_id` text not null, `application_id` text not null, `bidder_id` text not null, `sequence` integer not null, `amount` bigint not null, `phase` text not null, `placed_at` datetime not null, `bidding_number` text not null, `idempotency_key` text not null, constraint `bid_auction_id_foreign` foreign key(`auction_id`) references `auction`(`id`) on update cascade, constraint `bid_application_id_foreign` foreign key(`application_id`) references `auction_application`(`id`) on update cascade, constraint `bid_bidder_id_foreign` foreign key(`bidder_id`) references `bidder`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql('create index `bid_auction_id_index` on `bid` (`auction_id`)');
    this.addSql('create index `bid_application_id_index` on `bid` (`application_id`)');
    this.addSql('create index `bid_bidder_id_index` on `bid` (`bidder_id`)');
    this.addSql(
      'create unique index `bid_bidder_id_idempotency_key_unique` on `bid` (`bidder_id`, `idempotency_key`)',
    );
    this.addSql('create unique index `bid_auction_id_amount_unique` on `bid` (`auction_id`, `amount`)');
    this.addSql('create unique index `bid_auction_id_sequence_unique` on `bid` (`auction_id`, `sequence`)');
    this.addSql(
      'create table `auction_event` (`id` text not null, `auction_id` text not null, `sequence` integer not null, `type` text not null, `occurred_at` datetime not null, `status` text not null, `bid_id` text null, `current_price` bigint null, `phase_ends_at` datetime null, `reason` text null, constraint `auction_event_auction_id_foreign` foreign key(`auction_id`) references `auction`(`id`) on update cascade, constraint `auction_event_bid_id_foreign` foreign key(`bid_id`) references `bid`(`id`) on delete set null on update cascade, primary key (`id`))',
    );
    this.addSql('create index `auction_event_auction_id_index` on `auction_event` (`auction_id`)');
    this.addSql('create index `auction_event_bid_id_index` on `auction_event` (`bid_id`)');
    this.addSql(
      'create unique index `auction_event_auction_id_sequence_unique` on `auction_event` (`auction_id`, `sequence`)',
    );
    this.addSql(
      'create table `auction_result` (`id` text not null, `auction_id` text not null, `winner_application_id` text not null, `winner_bidding_number` text not null, `winner_name` text not null, `final_price` bigint not null, `awarded_at` datetime not null, `documents_due_at` datetime not null, `transaction_notice_number` text null, `confirmation_signed_at` datetime null, constraint `auction_result_auction_id_foreign` foreign key(`auction_id`) references `auction`(`id`) on update cascade, constraint `auction_result_winner_application_id_foreign` foreign key(`winner_application_id`) references `auction_application`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql('create index `auction_result_auction_id_index` on `auction_result` (`auction_id`)');
    this.addSql('create unique index `auction_result_auction_id_unique` on `auction_result` (`auction_id`)');
    this.addSql(
      'create index `auction_result_winner_application_id_index` on `auction_result` (`winner_application_id`)',
    );
    this.addSql(
      'create table `application_member` (`id` text not null, `application_id` text not null, `bidder_id` text not null, `share_percent` text not null, `lead` integer not null, `position` integer not null, constraint `application_member_application_id_foreign` foreign key(`application_id`) references `auction_application`(`id`) on update cascade, constraint `application_member_bidder_id_foreign` foreign key(`bidder_id`) references `bidder`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql(
      'create index `application_member_application_id_index` on `application_member` (`application_id`)',
    );
    this.addSql('create index `application_member_bidder_id_index` on `application_member` (`bidder_id`)');
    this.addSql(
      'create unique index `application_member_application_id_bidder_id_unique` on `application_member` (`application_id`, `bidder_id`)',
    );
    this.addSql(
      'create table `submitted_document` (`id` text not null, `result_id` text not null, `submitted_by_id` text not null, `kind` text not null, `file_name` text not null, `sha256` text not null, `size_bytes` integer not null, `submitted_at` datetime not null, constraint `submitted_document_result_id_foreign` foreign key(`result_id`) references `auction_result`(`id`) on update cascade, constraint `submitted_document_submitted_by_id_foreign` foreign key(`submitted_by_id`) references `bidder`(`id`) on update cascade, primary key (`id`))',
    );
    this.addSql('create index `submitted_document_result_id_index` on `submitted_document` (`result_id`)');
    this.addSql(
      'create index `submitted_document_submitted_by_id_index` on `submitted_document` (`submitted_by_id`)',
    );
  }

  override async down(): Promise<void> {}
}
