/**
 * The papers as PDF (pdfkit), in Chinese with Noto Sans SC (src/common/print/pdf.ts). Laid out like the printed forms: title,
 * number, addressee, numbered fields, closing, issuing body and date over a seal area, and the verification
 * code at the foot.
 */
import { chinesePdf } from '../../common/print/pdf';
import type { Paper } from './paper.rules';

const NUMERALS = '一二三四五六七八九十';
const numeral = (i: number): string =>
  i < 10 ? NUMERALS[i] : i < 20 ? `十${i === 19 ? '' : NUMERALS[i - 10]}` : String(i + 1);

/** One A4 page; resolves to the PDF's bytes. `creationDate` fixes the metadata (the same paper, the same bytes). */
export function renderPaper(paper: Paper, creationDate: Date): Promise<Buffer> {
  const { doc, done } = chinesePdf({
    title: `《${paper.title}》${paper.number}`,
    author: paper.issuer,
    subject: paper.title,
    creationDate,
  });
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  // a double rule framing the page, as on the printed forms
  doc
    .lineWidth(1.5)
    .rect(40, 40, doc.page.width - 80, doc.page.height - 80)
    .stroke('#8b0000');
  doc
    .lineWidth(0.5)
    .rect(44, 44, doc.page.width - 88, doc.page.height - 88)
    .stroke('#8b0000');

  doc
    .font('bold')
    .fontSize(paper.title.length > 12 ? 18 : 22)
    .fillColor('black');
  doc.text(paper.title, left, 78, { width, align: 'center' });
  doc.moveDown(0.6);
  doc.font('regular').fontSize(10.5).text(`编号：${paper.number}`, { width, align: 'right' });
  doc.moveDown(0.8);
  doc.fontSize(11.5);
  if (paper.to) doc.font('bold').text(paper.to, { width });
  if (paper.intro) {
    doc.moveDown(0.3);
    doc.font('regular').text(paper.intro, { width, indent: 24, lineGap: 3 });
  }
  doc.moveDown(0.6);
  paper.fields.forEach((field, i) => {
    doc.font('bold').text(`${numeral(i)}、${field.label}：`, left, doc.y, { width, continued: true });
    doc.font('regular').text(field.value, { width, lineGap: 3 });
    doc.moveDown(0.3);
  });
  if (paper.closing) {
    doc.moveDown(0.4);
    doc.font('regular').text(paper.closing, left, doc.y, { width, indent: 24, lineGap: 3 });
  }

  // issuing body and date, right-aligned, the seal area over them (as a stamp sits on the issuer's name)
  const footY = doc.page.height - 110;
  // below the text, never on it; low on the page when there is room
  const issuerTop = Math.max(doc.y + 20, Math.min(doc.page.height - 270, footY - 96));
  doc.fillColor('black').fontSize(12).font('bold');
  doc.text(paper.issuer, left, issuerTop, { width: width - 10, align: 'right' });
  doc.font('regular').text(paper.issuedOn, left, issuerTop + 22, { width: width - 10, align: 'right' });
  const sealX = doc.page.width - 72 - 70;
  const sealY = issuerTop + 20;
  doc.save().lineWidth(1.2).dash(4, { space: 3 }).circle(sealX, sealY, 42).stroke('#c00000').restore();
  doc
    .font('regular')
    .fontSize(8)
    .fillColor('#c00000')
    .text('（盖章处）', sealX - 42, sealY + 46, {
      width: 84,
      align: 'center',
    });

  // the verification code at the foot
  doc
    .lineWidth(0.5)
    .moveTo(left, footY - 8)
    .lineTo(left + width, footY - 8)
    .stroke('#999999');
  doc.font('regular').fontSize(9.5).fillColor('#333333');
  doc.text(`验证码：${paper.verificationCode}`, left, footY, { width });
  doc.text('核验：在交易系统查询 verifyNotice(code)，只回答本文书已载明的内容。', left, footY + 16, {
    width,
  });
  doc.end();
  return done;
}
