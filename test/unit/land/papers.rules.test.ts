import {
  chineseAmount,
  dateText,
  newVerificationCode,
  normalizeVerificationCode,
  timeText,
  yuanFigures,
} from '../../../src/land/document/paper.rules';
import { checkFileName, judgeUpload, sniffType } from '../../../src/land/document/document.rules';
import { ErrorCode } from '../../../src/common/errors';

const fen = (yuan: string) => Math.round(Number(yuan) * 100);

describe('大写金额 (chineseAmount)', () => {
  it.each([
    ['766180000.00', '柒亿陆仟陆佰壹拾捌万元整'],
    ['754180000.00', '柒亿伍仟肆佰壹拾捌万元整'],
    ['150840000.00', '壹亿伍仟零捌拾肆万元整'],
    ['12000000.00', '壹仟贰佰万元整'],
    ['100000000.00', '壹亿元整'],
    ['1005000000.00', '壹拾亿零伍佰万元整'],
    ['100001000.00', '壹亿零壹仟元整'],
    ['110000000.00', '壹亿壹仟万元整'],
    ['10010.00', '壹万零壹拾元整'],
    ['1.05', '壹元零伍分'],
    ['1.50', '壹元伍角'],
    ['0.50', '伍角'],
    ['0.05', '伍分'],
    ['0.00', '零元整'],
    ['20.00', '贰拾元整'],
  ])('%s yuan is %s', (yuan, words) => {
    expect(chineseAmount(fen(yuan))).toBe(words);
  });

  it('writes figures with thousands separators and two decimals', () => {
    expect(yuanFigures(76618000000)).toBe('¥766,180,000.00');
    expect(yuanFigures(105)).toBe('¥1.05');
  });
});

describe('dates on the papers', () => {
  it('are Asia/Shanghai wall time', () => {
    expect(dateText(new Date('2024-12-12T16:30:00Z'))).toBe('2024年12月13日');
    expect(timeText(new Date('2024-12-12T06:30:00Z'))).toBe('2024年12月12日 14:30');
  });
});

describe('verification codes', () => {
  it('are 20 unambiguous characters in groups of five, and read back however typed', () => {
    const code = newVerificationCode();
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{5}(-[2-9A-HJ-NP-Z]{5}){3}$/);
    expect(normalizeVerificationCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    expect(normalizeVerificationCode('not a code')).toBeNull();
    expect(normalizeVerificationCode('O0I1L-AAAAA-AAAAA-AAAAA')).toBeNull();
  });
});

describe('uploads judged from their bytes', () => {
  const head = (...bytes: number[]) => Buffer.from(bytes);
  it('sniffs PDF, JPEG, PNG and OFD, and nothing else', () => {
    expect(sniffType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffType(head(0xff, 0xd8, 0xff, 0xe1))).toBe('image/jpeg');
    expect(sniffType(head(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(sniffType(Buffer.concat([head(0x50, 0x4b, 0x03, 0x04), Buffer.from('....OFD.xml')]))).toBe(
      'application/ofd',
    );
    expect(
      sniffType(Buffer.concat([head(0x50, 0x4b, 0x03, 0x04), Buffer.from('word/document.xml')])),
    ).toBeNull();
    expect(sniffType(Buffer.from('GIF89a'))).toBeNull();
    expect(sniffType(Buffer.from('<html>%PDF-</html>'.padStart(2000, ' ')))).toBeNull();
  });

  it('refuses empty, unknown types and hash mismatches in that order', () => {
    const pdf = { sha256: 'a'.repeat(64), sizeBytes: 10, head: Buffer.from('%PDF-1.4') };
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'accepted';
    };
    expect(
      code(() => judgeUpload({ ...pdf, sizeBytes: 0, head: Buffer.alloc(0) }, { sha256: 'b'.repeat(64) })),
    ).toBe(ErrorCode.DOCUMENT_EMPTY);
    expect(code(() => judgeUpload({ ...pdf, head: Buffer.from('text') }, { sha256: 'b'.repeat(64) }))).toBe(
      ErrorCode.DOCUMENT_TYPE_NOT_ALLOWED,
    );
    expect(code(() => judgeUpload(pdf, { sha256: 'b'.repeat(64) }))).toBe(ErrorCode.DOCUMENT_HASH_MISMATCH);
    expect(code(() => judgeUpload(pdf, { sha256: 'a'.repeat(64), sizeBytes: 11 }))).toBe(
      ErrorCode.DOCUMENT_HASH_MISMATCH,
    );
    expect(code(() => judgeUpload(pdf, { sha256: 'a'.repeat(64), sizeBytes: 10 }))).toBe('accepted');
  });

  it('keeps Chinese file names and refuses paths and control characters', () => {
    expect(checkFileName(' 竞买资料（盖章）.pdf ')).toBe('竞买资料（盖章）.pdf');
    for (const bad of ['', '../x.pdf', 'a/b.pdf', 'a\\b.pdf', 'a\u0000.pdf', 'x'.repeat(256)])
      expect(() => checkFileName(bad)).toThrow();
  });
});
