import {
  dueStep,
  documentsDueAt,
  endQuoting,
  endRound,
  floorPricePerSqm,
  isDue,
  nextMinimumBid,
  openQuoting,
  premiumRatePercent,
  publish,
  resume,
  submitDocuments,
  suspend,
  terminate,
  confirm,
  validateAuctionInput,
  validateDocuments,
  validateSchedule,
  defaultWinner,
  award,
  biddingOpen,
} from '../../../src/land/auction/auction.rules';
import {
  AuctionStatus,
  DocumentKind,
  type CreateAuctionInput,
} from '../../../src/land/auction/auction.types';
import { at, auctionState, codeOf } from './fixtures';

const schedule = () => {
  const s = auctionState();
  return {
    announcementStart: s.announcementStart,
    announcementEnd: s.announcementEnd,
    applicationStart: s.applicationStart,
    applicationEnd: s.applicationEnd,
    depositDeadline: s.depositDeadline,
    quoteStart: s.quoteStart,
    quoteEnd: s.quoteEnd,
  };
};

describe('schedule validation', () => {
  it('accepts the 2024C-5 schedule', () => {
    const s = validateSchedule({
      announcementStart: new Date('2024-11-12T09:00:00+08:00'),
      announcementEnd: new Date('2024-12-01T17:00:00+08:00'),
      applicationStart: new Date('2024-11-12T09:00:00+08:00'),
      applicationEnd: new Date('2024-12-10T17:00:00+08:00'),
      depositDeadline: new Date('2024-12-10T16:00:00+08:00'),
      quoteStart: new Date('2024-12-02T09:00:00+08:00'),
      quoteEnd: new Date('2024-12-12T14:30:00+08:00'),
    });
    expect(s.quoteEnd.toISOString()).toBe('2024-12-12T06:30:00.000Z');
  });

  it.each([
    ['applicationStart before announcementStart', { applicationStart: at(-1) }],
    [
      'applicationEnd before applicationStart',
      { applicationStart: at(5), applicationEnd: at(4), depositDeadline: at(4) },
    ],
    ['applicationEnd after quoteEnd', { applicationEnd: at(31) }],
    ['depositDeadline after applicationEnd', { depositDeadline: at(21) }],
    ['quoteStart equal to quoteEnd', { quoteStart: at(30), announcementEnd: at(10) }],
    ['announcementEnd before announcementStart', { announcementEnd: at(-1) }],
    ['announcementEnd after quoteStart', { announcementEnd: at(11) }],
  ])('rejects %s with INVALID_SCHEDULE', (_name, change) => {
    expect(codeOf(() => validateSchedule({ ...schedule(), ...change }))).toBe('INVALID_SCHEDULE');
  });

  it('allows the boundaries that the rules allow (equal instants)', () => {
    expect(() =>
      validateSchedule({
        ...schedule(),
        applicationEnd: at(30),
        depositDeadline: at(30),
        announcementEnd: at(10),
      }),
    ).not.toThrow();
  });
});

describe('auction input', () => {
  const input = (overrides: Partial<CreateAuctionInput> = {}): CreateAuctionInput => ({
    code: ' A-1 ',
    title: 't',
    parcelId: 'p',
    seller: { name: 's', contacts: [{ name: 'n', phone: '1' }] },
    tradingCenter: { name: 'c', address: '  ' },
    startingPrice: 100,
    increment: 10,
    deposit: 20,
    schedule: schedule(),
    ...overrides,
  });

  it('applies the defaults: 240 s rounds, 5 document days, sole applications', () => {
    const valid = validateAuctionInput(input());
    expect(valid).toMatchObject({
      code: 'A-1',
      timedBiddingRoundSeconds: 240,
      documentUploadDays: 5,
      jointApplicationAllowed: false,
      reservePrice: null,
    });
    expect(valid.tradingCenter.address).toBeNull();
  });

  it.each([
    [{ startingPrice: 0 }],
    [{ increment: 0 }],
    [{ deposit: 0 }],
    [{ reservePrice: 0 }],
    [{ timedBiddingRoundSeconds: 0 }],
    [{ documentUploadDays: 0 }],
    [{ title: '  ' }],
  ])('rejects %o with BAD_USER_INPUT', (change) => {
    expect(codeOf(() => validateAuctionInput(input(change)))).toBe('BAD_USER_INPUT');
  });

  it('lets a test run rounds of 1 second', () => {
    expect(validateAuctionInput(input({ timedBiddingRoundSeconds: 1 })).timedBiddingRoundSeconds).toBe(1);
  });
});

describe('the clock', () => {
  it('is due exactly at the stored deadline (half-open windows)', () => {
    const s = auctionState();
    expect(isDue(s, at(9.99))).toBe(false);
    expect(isDue(s, at(10))).toBe(true);
    expect(dueStep(s, at(10))).toBe('OPEN_QUOTING');
    expect(dueStep({ ...s, status: AuctionStatus.QUOTING, phaseEndsAt: at(30) }, at(30))).toBe('END_QUOTING');
    expect(dueStep({ ...s, status: AuctionStatus.TIMED_BIDDING, phaseEndsAt: at(31) }, at(31))).toBe(
      'END_ROUND',
    );
    expect(dueStep({ ...s, status: AuctionStatus.AWARDED, phaseEndsAt: at(40) }, at(40))).toBe('DEFAULT');
  });

  it.each([AuctionStatus.IMPORTED, AuctionStatus.SUSPENDED, AuctionStatus.DRAFT, AuctionStatus.CONFIRMED])(
    'never moves an auction that is %s',
    (status) => {
      expect(dueStep(auctionState({ status, phaseEndsAt: at(0) }), at(1000))).toBeNull();
    },
  );

  it('opens quoting at quoteStart, until quoteEnd', () => {
    const t = openQuoting(auctionState());
    expect(t.changes).toEqual({ status: AuctionStatus.QUOTING, phaseEndsAt: at(30) });
    expect(t.event).toMatchObject({ type: 'QUOTING_OPENED', occurredAt: at(10) });
  });

  const quoting = auctionState({ status: AuctionStatus.QUOTING, phaseEndsAt: at(30) });

  it('fails an auction with no quote (流拍)', () => {
    const outcome = endQuoting(quoting, []);
    expect(outcome.kind).toBe('FAILED');
    if (outcome.kind === 'FAILED')
      expect(outcome.transition.event).toMatchObject({ type: 'FAILED', occurredAt: at(30) });
  });

  it('awards an auction quoted by one application only, at quoteEnd', () => {
    const outcome = endQuoting(quoting, [{ applicationId: 'a', highestAmount: 10_500 }]);
    expect(outcome).toEqual({
      kind: 'AWARDED',
      winner: { applicationId: 'a', highestAmount: 10_500 },
      at: at(30),
    });
  });

  it('fails a single quote below a reserve price', () => {
    const reserved = { ...quoting, reservePrice: 11_000 };
    expect(endQuoting(reserved, [{ applicationId: 'a', highestAmount: 10_500 }]).kind).toBe('FAILED');
    expect(endQuoting(reserved, [{ applicationId: 'a', highestAmount: 11_000 }]).kind).toBe('AWARDED');
  });

  it('starts timed bidding for two or more applications, the first round ending quoteEnd + round', () => {
    const outcome = endQuoting(quoting, [
      { applicationId: 'a', highestAmount: 10_000 },
      { applicationId: 'b', highestAmount: 10_500 },
    ]);
    expect(outcome.kind).toBe('TIMED_BIDDING');
    if (outcome.kind === 'TIMED_BIDDING') {
      expect(outcome.transition.changes).toEqual({
        status: AuctionStatus.TIMED_BIDDING,
        phaseEndsAt: at(31),
      });
    }
  });

  it('awards the leader when a round ends, at the end of the round', () => {
    const timed = auctionState({ status: AuctionStatus.TIMED_BIDDING, phaseEndsAt: at(33) });
    const outcome = endRound(timed, [
      { applicationId: 'a', highestAmount: 12_000 },
      { applicationId: 'b', highestAmount: 11_500 },
    ]);
    expect(outcome).toEqual({
      kind: 'AWARDED',
      winner: { applicationId: 'a', highestAmount: 12_000 },
      at: at(33),
    });
    expect(
      endRound({ ...timed, reservePrice: 20_000 }, [{ applicationId: 'a', highestAmount: 12_000 }]).kind,
    ).toBe('FAILED');
    expect(endRound(timed, []).kind).toBe('FAILED');
  });

  it('counts document days the Chinese way: award 2024-12-12 15:00, 5 days → due 2024-12-18 00:00+08:00', () => {
    expect(documentsDueAt(new Date('2024-12-12T15:00:00+08:00'), 5).toISOString()).toBe(
      '2024-12-17T16:00:00.000Z',
    );
    // 23:59 on the award day is still the award day; 00:00 the next is not
    expect(documentsDueAt(new Date('2024-12-12T23:59:59+08:00'), 5).toISOString()).toBe(
      '2024-12-17T16:00:00.000Z',
    );
    expect(documentsDueAt(new Date('2024-12-13T00:00:00+08:00'), 5).toISOString()).toBe(
      '2024-12-18T16:00:00.000Z',
    );
    const t = award(auctionState({ documentUploadDays: 5 }), new Date('2024-12-12T15:00:00+08:00'));
    expect(t.changes.status).toBe(AuctionStatus.AWARDED);
  });

  it('defaults a winner at documentsDueAt', () => {
    const t = defaultWinner(auctionState({ status: AuctionStatus.AWARDED, phaseEndsAt: at(100) }));
    expect(t).toMatchObject({
      changes: { status: 'DEFAULTED', phaseEndsAt: null },
      event: { occurredAt: at(100) },
    });
  });
});

describe('the ladder helpers', () => {
  it('asks for the starting price first, then the current price plus one increment', () => {
    expect(nextMinimumBid(auctionState())).toBe(10_000);
    expect(nextMinimumBid(auctionState({ currentPrice: 10_500 }))).toBe(11_000);
  });

  it('is open for bids only while QUOTING or TIMED_BIDDING', () => {
    expect(biddingOpen({ status: AuctionStatus.QUOTING })).toBe(true);
    expect(biddingOpen({ status: AuctionStatus.TIMED_BIDDING })).toBe(true);
    expect(biddingOpen({ status: AuctionStatus.SUSPENDED })).toBe(false);
  });
});

describe('operator actions', () => {
  it('publishes a DRAFT only, and not once quoting would be over', () => {
    const draft = auctionState({ status: AuctionStatus.DRAFT, phaseEndsAt: null });
    expect(publish(draft, at(0)).changes).toEqual({ status: AuctionStatus.ANNOUNCED, phaseEndsAt: at(10) });
    expect(codeOf(() => publish(draft, at(30)))).toBe('INVALID_SCHEDULE');
    expect(codeOf(() => publish(auctionState(), at(0)))).toBe('INVALID_TRANSITION');
  });

  it('suspends ANNOUNCED, QUOTING and TIMED_BIDDING with a reason, stopping the clock', () => {
    const t = suspend(auctionState({ status: AuctionStatus.QUOTING, phaseEndsAt: at(30) }), at(12), ' 异议 ');
    expect(t.changes).toMatchObject({
      status: 'SUSPENDED',
      suspendedFrom: 'QUOTING',
      suspendedAt: at(12),
      phaseEndsAt: null,
      statusReason: '异议',
    });
    expect(codeOf(() => suspend(auctionState(), at(1), '  '))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => suspend(auctionState({ status: AuctionStatus.AWARDED }), at(1), 'x'))).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('resumes quoting with every deadline still ahead moved by the time suspended', () => {
    const suspended = auctionState({
      status: AuctionStatus.SUSPENDED,
      suspendedFrom: AuctionStatus.QUOTING,
      suspendedAt: at(12),
      phaseEndsAt: null,
    });
    const t = resume(suspended, at(22));
    expect(t.changes).toMatchObject({
      status: 'QUOTING',
      quoteEnd: at(40),
      phaseEndsAt: at(40),
      depositDeadline: at(25),
      applicationEnd: at(30),
      quoteStart: at(10), // already passed: stays
      suspendedFrom: null,
    });
  });

  it('restarts a timed round in full on resume', () => {
    const suspended = auctionState({
      status: AuctionStatus.SUSPENDED,
      suspendedFrom: AuctionStatus.TIMED_BIDDING,
      suspendedAt: at(30.5),
    });
    expect(resume(suspended, at(50)).changes.phaseEndsAt).toEqual(at(51));
  });

  it('takes a new schedule only when suspended before quoting started', () => {
    const before = auctionState({
      status: AuctionStatus.SUSPENDED,
      suspendedFrom: AuctionStatus.ANNOUNCED,
      suspendedAt: at(5),
    });
    const later = { ...schedule(), quoteStart: at(100), announcementEnd: at(100), quoteEnd: at(200) };
    expect(resume(before, at(50), later).changes).toMatchObject({
      status: 'ANNOUNCED',
      phaseEndsAt: at(100),
    });
    expect(codeOf(() => resume(before, at(50), { ...later, quoteStart: at(300) }))).toBe('INVALID_SCHEDULE');
    expect(codeOf(() => resume(before, at(250), later))).toBe('INVALID_SCHEDULE');
    const during = { ...before, suspendedFrom: AuctionStatus.QUOTING };
    expect(codeOf(() => resume(during, at(50), later))).toBe('INVALID_TRANSITION');
    expect(codeOf(() => resume(auctionState(), at(50)))).toBe('INVALID_TRANSITION');
  });

  it('terminates anything not yet awarded, finally', () => {
    for (const status of [
      AuctionStatus.DRAFT,
      AuctionStatus.ANNOUNCED,
      AuctionStatus.QUOTING,
      AuctionStatus.TIMED_BIDDING,
      AuctionStatus.SUSPENDED,
    ]) {
      expect(terminate(auctionState({ status }), at(1), 'x').changes.status).toBe('TERMINATED');
    }
    for (const status of [AuctionStatus.AWARDED, AuctionStatus.TERMINATED, AuctionStatus.IMPORTED]) {
      expect(codeOf(() => terminate(auctionState({ status }), at(1), 'x'))).toBe('INVALID_TRANSITION');
    }
  });
});

describe('after the award', () => {
  const doc = {
    kind: DocumentKind.BIDDING_DOCUMENTS,
    fileName: 'a.pdf',
    sha256: 'A'.repeat(64),
    sizeBytes: 10,
  };

  it('needs the bidding documents, with well-formed hashes and sizes', () => {
    expect(validateDocuments([doc])[0].sha256).toBe('a'.repeat(64));
    expect(codeOf(() => validateDocuments([]))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => validateDocuments([{ ...doc, kind: DocumentKind.OTHER }]))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => validateDocuments([{ ...doc, sha256: 'xyz' }]))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => validateDocuments([{ ...doc, sizeBytes: 0 }]))).toBe('BAD_USER_INPUT');
  });

  it('moves AWARDED to DOCUMENTS_SUBMITTED before the deadline, replaces afterwards, refuses late ones', () => {
    const awarded = auctionState({ status: AuctionStatus.AWARDED, phaseEndsAt: at(100) });
    expect(submitDocuments(awarded, at(99))?.changes.status).toBe('DOCUMENTS_SUBMITTED');
    expect(submitDocuments({ ...awarded, status: AuctionStatus.DOCUMENTS_SUBMITTED }, at(200))).toBeNull();
    expect(codeOf(() => submitDocuments(awarded, at(100)))).toBe('DOCUMENTS_OVERDUE');
    expect(codeOf(() => submitDocuments({ ...awarded, status: AuctionStatus.DEFAULTED }, at(50)))).toBe(
      'DOCUMENTS_OVERDUE',
    );
    expect(codeOf(() => submitDocuments({ ...awarded, status: AuctionStatus.CONFIRMED }, at(50)))).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('confirms only submitted documents', () => {
    expect(confirm(auctionState({ status: AuctionStatus.DOCUMENTS_SUBMITTED }), at(1)).changes.status).toBe(
      'CONFIRMED',
    );
    expect(codeOf(() => confirm(auctionState({ status: AuctionStatus.AWARDED }), at(1)))).toBe(
      'INVALID_TRANSITION',
    );
  });

  it('computes the premium rate and the floor price exactly', () => {
    // 2024C-5 sold at the starting price plus two increments: 778,180,000
    expect(premiumRatePercent(77_818_000_000, 75_418_000_000)).toBe('3.18');
    expect(premiumRatePercent(75_418_000_000, 75_418_000_000)).toBe('0.00');
    // 754,180,000 / (86788.68 × 2.3) = 3778.19… yuan per m²
    expect(floorPricePerSqm(75_418_000_000, '86788.68', '2.3')).toBe(377_819);
    expect(floorPricePerSqm(100, '1', null)).toBeNull();
  });
});
