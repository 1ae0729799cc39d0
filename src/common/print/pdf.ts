/**
 * PDF documents (pdfkit) in Chinese, shared by the land papers and the party reports: the font is Noto Sans SC
 * from the npm package @expo-google-fonts/noto-sans-sc (full TrueType fonts, embedded as subsets, so the text is
 * real text that can be searched and copied; nothing is downloaded at run time).
 */
import { readFileSync } from 'node:fs';
import type PDFKitDocument from 'pdfkit';

/** The font files the PDFs (and the web pages, as web fonts) use. */
export const FONT_FILES = {
  regular: require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf'),
  bold: require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf'),
};

let fonts: { regular: Buffer; bold: Buffer } | undefined;
const loadFonts = () =>
  (fonts ??= { regular: readFileSync(FONT_FILES.regular), bold: readFileSync(FONT_FILES.bold) });

/**
 * An A4 document with the fonts registered as 'regular' and 'bold', and the promise of its bytes once
 * `doc.end()` is called. `creationDate` fixes the metadata (the same content, the same bytes).
 */
export function chinesePdf(
  info: { title: string; author: string; subject: string; creationDate: Date },
  options: { layout?: 'portrait' | 'landscape'; margins?: PDFKit.PDFDocumentOptions['margins'] } = {},
): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const { regular, bold } = loadFonts();
  // pdfkit and its font engine (several MB of modules) load with the first paper, not with the server
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument = require('pdfkit') as typeof PDFKitDocument;
  const doc = new PDFDocument({
    size: 'A4',
    layout: options.layout ?? 'portrait',
    margins: options.margins ?? { top: 72, bottom: 60, left: 72, right: 72 },
    info: {
      Title: info.title,
      Author: info.author,
      Subject: info.subject,
      CreationDate: info.creationDate,
      ModDate: info.creationDate,
    },
    lang: 'zh-CN',
    pdfVersion: '1.7',
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  return { doc, done };
}
