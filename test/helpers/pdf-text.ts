/** The text of a PDF, read with pdf-parse (Mozilla's pdf.js underneath): what a reader can search and copy. */
// pdf-parse's index.js reads a sample file when it has no parent module; its library file does not
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pdfParse = require('pdf-parse/lib/pdf-parse.js') as (
  data: Buffer,
) => Promise<{ text: string; numpages: number; info: Record<string, unknown> }>;

export async function pdfText(pdf: Buffer): Promise<{ text: string; pages: number; compact: string }> {
  // pdf.js refuses a Node Buffer made in another realm (jest); a plain Uint8Array copy it takes
  const parsed = await pdfParse(new Uint8Array(pdf) as unknown as Buffer);
  return { text: parsed.text, pages: parsed.numpages, compact: parsed.text.replace(/\s+/g, '') };
}
