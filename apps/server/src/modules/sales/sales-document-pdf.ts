/**
 * A quote or an order confirmation as a one-document PDF (A4, Helvetica): the company, the
 * customer, the document number and date, one row per line with its promised delivery date,
 * and the total. Long documents flow onto further pages with the table header repeated.
 */
import type { FastifyReply } from 'fastify';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';

export interface SalesDocument {
  kind: 'Quote' | 'Order confirmation' | 'Delivery note';
  number: string;
  issuedOn: string;
  customerName: string;
  customerReference: string | null;
  currency: string;
  /** e.g. 'Valid until 2027-01-31' or 'Confirmed 2026-12-01' */
  note: string;
  lines: {
    lineNo: number;
    itemNumber: string;
    itemName: string;
    quantity: number;
    unitPrice: number;
    discountPercent: number;
    netAmount: number;
    promisedDate: string | null;
    /** delivery notes: the lot shipped */
    lot?: string | null;
  }[];
  totalAmount: number;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const ROW = 16;
const GREY = rgb(0.4, 0.4, 0.4);

/** Helvetica's WinAnsi encoding covers Latin-1 and a few more; anything else prints as '?'. */
const printable = (text: string) =>
  text.replace(/[^\x20-\x7e\u00a0-\u00ff\u20ac\u2013\u2014\u2019\u2026\u201c\u201d]/g, '?');

export const formatMoney = (minor: number, currency: string) =>
  `${(minor / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

const columns = [
  { title: 'Pos', x: 0, width: 26, align: 'left' as const },
  { title: 'Item', x: 28, width: 180, align: 'left' as const },
  { title: 'Qty', x: 210, width: 35, align: 'right' as const },
  { title: 'Unit price', x: 248, width: 72, align: 'right' as const },
  { title: 'Disc.', x: 322, width: 30, align: 'right' as const },
  { title: 'Net', x: 355, width: 76, align: 'right' as const },
  { title: 'Delivery', x: 436, width: 63, align: 'right' as const },
];

/** A delivery note lists what was shipped, without prices. */
const deliveryColumns = [
  { title: 'Pos', x: 0, width: 26, align: 'left' as const },
  { title: 'Item', x: 28, width: 330, align: 'left' as const },
  { title: 'Qty', x: 360, width: 60, align: 'right' as const },
  { title: 'Lot', x: 424, width: 75, align: 'right' as const },
];

export async function renderSalesDocument(
  doc: SalesDocument,
  company = 'Takt demo plant',
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${doc.kind} ${doc.number}`);
  pdf.setProducer('Takt');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const text = (
    page: PDFPage,
    s: string,
    x: number,
    y: number,
    size = 9,
    font: PDFFont = regular,
    color = rgb(0, 0, 0),
  ) => page.drawText(printable(s), { x, y, size, font, color });
  const delivery = doc.kind === 'Delivery note';
  const shown = delivery ? deliveryColumns : columns;
  const cell = (
    page: PDFPage,
    s: string,
    col: (typeof columns)[number],
    y: number,
    font: PDFFont = regular,
  ) => {
    let value = printable(s);
    while (value.length > 1 && font.widthOfTextAtSize(value, 9) > col.width - 4)
      value = `${value.slice(0, -2)}…`.replace('…', '.');
    const width = font.widthOfTextAtSize(value, 9);
    const x = MARGIN + col.x + (col.align === 'right' ? col.width - width : 0);
    page.drawText(value, { x, y, size: 9, font });
  };

  let page = pdf.addPage(A4);
  let y = A4[1] - MARGIN;
  text(page, company, MARGIN, y, 10, bold);
  text(page, `${doc.kind} ${doc.number}`, MARGIN, y - 28, 16, bold);
  text(page, `Date ${doc.issuedOn}    ${doc.note}`, MARGIN, y - 44, 9, regular, GREY);
  text(page, 'Customer', MARGIN + 320, y, 8, regular, GREY);
  text(page, doc.customerName, MARGIN + 320, y - 12, 10, bold);
  if (doc.customerReference) text(page, `Your reference: ${doc.customerReference}`, MARGIN + 320, y - 26, 9);
  y -= 80;

  const header = () => {
    for (const col of shown) cell(page, col.title, col, y, bold);
    page.drawLine({
      start: { x: MARGIN, y: y - 4 },
      end: { x: A4[0] - MARGIN, y: y - 4 },
      thickness: 0.5,
      color: GREY,
    });
    y -= ROW + 2;
  };
  header();
  for (const line of doc.lines) {
    if (y < MARGIN + 3 * ROW) {
      page = pdf.addPage(A4);
      y = A4[1] - MARGIN;
      text(page, `${doc.kind} ${doc.number} (continued)`, MARGIN, y, 9, regular, GREY);
      y -= 2 * ROW;
      header();
    }
    const values = delivery
      ? [String(line.lineNo), `${line.itemNumber} ${line.itemName}`, String(line.quantity), line.lot ?? '']
      : [
          String(line.lineNo),
          `${line.itemNumber} ${line.itemName}`,
          String(line.quantity),
          formatMoney(line.unitPrice, doc.currency),
          line.discountPercent ? `${line.discountPercent} %` : '',
          formatMoney(line.netAmount, doc.currency),
          line.promisedDate ?? '',
        ];
    shown.forEach((col, x) => {
      cell(page, values[x], col, y);
    });
    y -= ROW;
  }
  page.drawLine({
    start: { x: MARGIN, y: y + ROW - 6 },
    end: { x: A4[0] - MARGIN, y: y + ROW - 6 },
    thickness: 0.5,
    color: GREY,
  });
  y -= 4;
  if (delivery) {
    text(
      page,
      'Received in good order:  date ________  name ____________________  signature ____________',
      MARGIN,
      y - 28,
      9,
    );
    return pdf.save();
  }
  const total = `Total ${formatMoney(doc.totalAmount, doc.currency)}`;
  text(page, total, A4[0] - MARGIN - bold.widthOfTextAtSize(total, 11), y, 11, bold);
  text(
    page,
    'Delivery dates are promised against our current production plan with 90 % confidence or better.',
    MARGIN,
    y - 28,
    8,
    regular,
    GREY,
  );
  return pdf.save();
}

const dayOf = (iso: string) => iso.slice(0, 10);

export function quoteDocument(q: {
  number: string;
  revision: number;
  createdAt: string;
  validUntil: string;
  customerName: string;
  customerReference: string | null;
  currency: string;
  totalAmount: number;
  lines: SalesDocument['lines'];
}): SalesDocument {
  return {
    kind: 'Quote',
    number: q.revision > 1 ? `${q.number} rev ${q.revision}` : q.number,
    issuedOn: dayOf(q.createdAt),
    customerName: q.customerName,
    customerReference: q.customerReference,
    currency: q.currency,
    note: `Valid until ${q.validUntil}`,
    lines: q.lines,
    totalAmount: q.totalAmount,
  };
}

export function orderConfirmationDocument(o: {
  number: string;
  createdAt: string;
  confirmedAt: string | null;
  customerName: string;
  customerReference: string | null;
  currency: string;
  lines: SalesDocument['lines'];
}): SalesDocument {
  return {
    kind: 'Order confirmation',
    number: o.number,
    issuedOn: dayOf(o.confirmedAt ?? o.createdAt),
    customerName: o.customerName,
    customerReference: o.customerReference,
    currency: o.currency,
    note: o.confirmedAt ? `Confirmed ${dayOf(o.confirmedAt)}` : 'Not confirmed yet',
    lines: o.lines,
    totalAmount: o.lines.reduce((sum, l) => sum + l.netAmount, 0),
  };
}

/** Answers with the document as an inline PDF named after its number. */
export async function sendPdf(reply: FastifyReply, doc: SalesDocument) {
  const bytes = await renderSalesDocument(doc);
  const name = doc.number.replace(/[^A-Za-z0-9-]+/g, '-');
  return reply
    .type('application/pdf')
    .header('content-disposition', `inline; filename="${name}.pdf"`)
    .send(Buffer.from(bytes));
}
