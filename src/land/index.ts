import type { DomainModule } from '../common/module';
import type { Context } from '../common/request/context';
import { Application, ApplicationMember } from './application/application.entity';
import { ApplicationMemberResolver, ApplicationResolver } from './application/application.resolver';
import { canViewApplication, memberIdsOf } from './application/application.service';
import { AuctionEvent } from './stream/auction-event.entity';
import {
  AuctionEventTrustResolver,
  AuctionLogHeadResolver,
  BidReceiptResolver,
} from './trust/trust.resolver';
import { AuctionStreamResolver } from './stream/auction-stream.resolver';
import { AuctionResult, SubmittedDocument } from './result/auction-result.entity';
import { Auction } from './auction/auction.entity';
import {
  AuctionEventResolver,
  AuctionResolver,
  AuctionResultResolver,
  ParcelAuctionsResolver,
} from './auction/auction.resolver';
import { startAuctionScheduler } from './auction/auction.scheduler';
import { syncDue } from './auction/auction.service';
import { Bid } from './bid/bid.entity';
import { BidResolver } from './bid/bid.resolver';
import { canSeeBid } from './bid/bid.service';
import { Bidder } from './bidder/bidder.entity';
import { BidderResolver, ViewerBidderResolver } from './bidder/bidder.resolver';
import { CertificateChallengeNonce } from './bidder/certificate-challenge.entity';
import { CertificateSignInResolver } from './bidder/certificate-sign-in.resolver';
import { CertificateRevocationList, RevokedCertificate } from './bidder/pki/revocation.entity';
import { CertificateRevocationResolver } from './bidder/pki/revocation.resolver';
import { startStaleCrlWatch } from './bidder/pki/revocation.worker';
import { DepositPayment } from './deposit/deposit.entity';
import { SubmittedDocumentResolver } from './document/document.resolver';
import { PaperVerification, StoredBlob, StoredBlobChunk, UploadedDocument } from './document/document.entity';
import { PaperResolver } from './document/paper.resolver';
import { canSeeAuction, canSeeBidder, canSeePayment } from './land.policy';
import { LandParcel } from './parcel/parcel.entity';
import { ParcelResolver } from './parcel/parcel.resolver';

const ACTIVE_AUCTIONS = `# Auctions now trading, with the price and the deadline of the phase (countdown against serverTime)
query ActiveAuctions {
  serverTime
  auctions(filter: { status: [ANNOUNCED, QUOTING, TIMED_BIDDING, AWARDED] }) {
    edges {
      node {
        id
        code
        title
        status
        phaseEndsAt
        biddingOpen
        startingPrice
        increment
        currentPrice
        nextMinimumBid
        bidCount
        leadingBid { biddingNumber amount placedAt }
        bids(first: 10) { edges { node { sequence biddingNumber amount phase placedAt } } }
      }
    }
  }
}
`;

/** 国有建设用地使用权网上挂牌出让 — online listing auctions of land use rights. */
export const landModule: DomainModule = {
  name: 'land',
  entities: [
    LandParcel,
    Auction,
    Bidder,
    Application,
    ApplicationMember,
    DepositPayment,
    Bid,
    AuctionEvent,
    AuctionResult,
    SubmittedDocument,
    CertificateChallengeNonce,
    CertificateRevocationList,
    RevokedCertificate,
    UploadedDocument,
    StoredBlob,
    StoredBlobChunk,
    PaperVerification,
  ],
  resolvers: [
    ParcelResolver,
    ParcelAuctionsResolver,
    AuctionResolver,
    AuctionEventResolver,
    AuctionStreamResolver,
    AuctionResultResolver,
    BidResolver,
    BidderResolver,
    ViewerBidderResolver,
    ApplicationResolver,
    ApplicationMemberResolver,
    CertificateSignInResolver,
    CertificateRevocationResolver,
    SubmittedDocumentResolver,
    PaperResolver,
    BidReceiptResolver,
    AuctionEventTrustResolver,
    AuctionLogHeadResolver,
  ],
  nodes: [
    { entity: LandParcel },
    {
      entity: Auction,
      visible: async (node, ctx: Context) => {
        await syncDue(ctx);
        return canSeeAuction(ctx.viewer, node as Auction);
      },
    },
    { entity: Bid, visible: (node, ctx: Context) => canSeeBid(ctx, node as Bid) },
    { entity: Bidder, visible: (node, ctx: Context) => canSeeBidder(ctx.viewer, (node as Bidder).id) },
    { entity: Application, visible: (node, ctx: Context) => canViewApplication(ctx, node as Application) },
    {
      entity: DepositPayment,
      visible: async (node, ctx: Context) =>
        canSeePayment(ctx.viewer, await memberIdsOf(ctx, (node as DepositPayment).application.id)),
    },
  ],
  startWorkers: (ctx) => [startAuctionScheduler(ctx), startStaleCrlWatch(ctx)],
  exampleQueries: [
    {
      title: '宗地 2024C-5',
      query: `# The parcel of the Xining listing notice, with its planning indicators
query Parcel2024C5 {
  parcels(filter: { codeContains: "2024C-5" }) {
    totalCount
    edges {
      node {
        id
        code
        city
        district
        location
        areaSqm
        landUses
        planning { floorAreaRatioMin floorAreaRatioMax buildingDensityMaxPercent greenRatioMinPercent buildingHeightMaxM }
        maxGrossFloorAreaSqm
        leaseTerms { landUse years }
        obligations { kind description households areaSqm recipient }
        notes
      }
    }
  }
}
`,
    },
    {
      title: '挂牌公告 2024C-5',
      query: `# The listing notice 2024C-5 as published: parties, prices and the schedule (IMPORTED: trading happened elsewhere)
query Notice2024C5 {
  auctionByCode(code: "2024C-5") {
    code
    title
    status
    seller { name address contacts { name phone } }
    tradingCenter { name address contacts { name phone } }
    startingPrice
    increment
    deposit
    hasReservePrice
    jointApplicationAllowed
    documentUploadDays
    timedBiddingRoundSeconds
    schedule { announcementStart announcementEnd applicationStart applicationEnd depositDeadline quoteStart quoteEnd timedBiddingStart }
    parcel { code location areaSqm maxGrossFloorAreaSqm }
  }
}
`,
    },
    { title: '正在交易的挂牌', query: ACTIVE_AUCTIONS },
    {
      title: '文书核验 · 诚信库',
      query: `# 《网上竞买资格确认书》 and 《成交通知书》 carry a verification code at their foot; anyone can check it here
# (no token). A forged or mistyped code answers null. Print the papers at GET /papers/qualification/<applicationId>
# and GET /papers/transaction-notice/<auctionId>; upload signed documents with POST /documents (see README).
query VerifyNotice($code: String!) {
  verifyNotice(code: $code) {
    kind
    number
    auctionCode
    parcelCode
    holderName
    issuedOn
    finalPrice
    valid
  }
}

# As a BIDDER: complete the integrity record (诚信库) before applying; its basic account (基本户) is where the
# deposit must come from (DEPOSIT_WRONG_PAYER otherwise).
mutation CompleteIntegrityProfile($input: IntegrityProfileInput!) {
  completeIntegrityProfile(input: $input) {
    integrityProfileComplete
    integrityProfile { legalRepresentative contactName contactPhone address basicAccount { bankName accountName accountNumber } }
  }
}
`,
      variables: {
        code: 'ABCDE-FGHJK-LMNPQ-RSTUV',
        input: {
          legalRepresentative: '张三',
          contactName: '李四',
          contactPhone: '0971-0000000',
          address: '西宁市城东区',
          basicAccount: {
            bankName: '示例银行西宁分行',
            accountName: '示例置业有限公司',
            accountNumber: '6222000011112222',
          },
        },
      },
    },
    {
      title: 'CA证书登录',
      query: `# CA数字证书登录 — certificate sign-in. 1: ask for a nonce (single use, 2 minutes)
mutation Challenge {
  certificateChallenge { nonce expiresAt }
}

# 2: sign the nonce's UTF-8 bytes with the certificate's key and send it base64:
#   SM2 keys: SM3withSM2 with the ID 1234567812345678 (GM/T 0009), e.g.
#     printf %s "$NONCE" | openssl dgst -sm3 -sign key.pem -sigopt distid:1234567812345678 | base64 -w0
#   RSA / ECDSA keys: SHA-256, e.g. printf %s "$NONCE" | openssl dgst -sha256 -sign key.pem | base64 -w0
# Encodings accepted: DER, raw 64-byte r‖s (SM2, P-256), PKCS#7/CMS SignedData (detached or attached) by this
# certificate. certificatePem: the signing certificate (签名证书) first, then its intermediate CA certificates.
mutation SignIn($certificatePem: String!, $nonce: String!, $signature: String!) {
  signInWithCertificate(input: { certificatePem: $certificatePem, nonce: $nonce, signature: $signature }) {
    token
    expiresAt
    viewer { subject bidder { id name certificate { subject issuer validTo } } }
  }
}
`,
      variables: { certificatePem: '-----BEGIN CERTIFICATE-----…', nonce: '', signature: '' },
    },
    {
      title: 'Auctions by district, premium rates',
      query: `# 分区成交统计: published auctions per city and district, with 溢价率 (premium rate, percent)
query AuctionsByDistrict($filter: AuctionSummaryFilter) {
  auctionSummaryByDistrict(filter: $filter) {
    city
    district
    auctions
    awarded
    failed
    totalBids
    totalFinalPrice
    averagePremiumRatePercent
  }
}
`,
      variables: { filter: { city: '西宁市' } },
    },
  ],
};

// the public face the seeds use
export { Auction } from './auction/auction.entity';
export {
  AWARDED_STATUSES,
  DEFAULT_ROUND_SECONDS,
  FINAL_STATUSES,
  validateAuctionInput,
} from './auction/auction.rules';
export { AuctionEventType, AuctionStatus, type Schedule } from './auction/auction.types';
export { trustedCas } from './bidder/bidder.service';
export { bidderRevokedCached, staleCrls } from './bidder/pki/revocation.service';
export { LandParcel } from './parcel/parcel.entity';
export { validateParcelInput } from './parcel/parcel.rules';
export { LandUse, ObligationKind, type CreateParcelInput } from './parcel/parcel.types';
export { AuctionEvent } from './stream/auction-event.entity';
export { installKeyring, jwks, loadKeyring, verifyJws } from './trust/trust.keys';
export type { HeadClaims, ReceiptClaims } from './trust/trust.types';
