/**
 * The job traveler: the paper that goes with a job through the shop. One A4 page per job (more
 * when it has many operations): the job, item, quantity and due date with the job's QR code,
 * then each operation with its work center, planned times, instructions and a QR code the
 * terminal scans to open that operation (`TAKT-OP:<operation id>`).
 */
import type { FastifyReply } from 'fastify';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';

export interface TravelerJob {
  number: string;
  itemNumber: string;
  itemName: string;
  quantity: number;
  due: string;
  orderReference: string | null;
  operations: {
    id: string;
    number: string;
    name: string;
    workCenterCode: string;
    machineCode: string | null;
    setupMinutes: number;
    runMinutes: number;
    /** parts it handles: the job's quantity, a rework operation's own */
    quantity: number;
    rework: boolean;
    plannedStart: string | null;
    instructions: string;
    drawingUrl: string | null;
  }[];
}

/** What the QR code of an operation says; the terminal's scan field understands it. */
export const operationScanCode = (operationId: string) => `TAKT-OP:${operationId}`;
export const jobScanCode = (jobNumber: string) => `TAKT-JOB:${jobNumber}`;

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 40;
const OP_HEIGHT = 100;
const GREY = rgb(0.4, 0.4, 0.4);
const printable = (text: string) =>
  text.replace(/[^\x20-\x7e\u00a0-\u00ff\u20ac\u2013\u2014\u2019\u2026\u201c\u201d]/g, '?');

/** Draws a QR code of `text` with its top-left corner at (x, top), `size` points wide. */
function drawQr(page: PDFPage, text: string, x: number, top: number, size: number) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const cell = size / (modules.size + 2); // a quiet zone of one cell
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++)
      if (modules.data[row * modules.size + col])
        page.drawRectangle({
          x: x + (col + 1) * cell,
          y: top - (row + 2) * cell,
          width: cell,
          height: cell,
          color: rgb(0, 0, 0),
        });
}

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  for (const paragraph of printable(text).split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > width && line) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
  }
  return lines;
}

export async function renderTraveler(
  job: TravelerJob,
  formatTime: (iso: string) => string,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Job traveler ${job.number}`);
  pdf.setProducer('Takt');
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const [width, height] = A4;
  const text = (
    page: PDFPage,
    s: string,
    x: number,
    y: number,
    size = 10,
    font = regular,
    color = rgb(0, 0, 0),
  ) => page.drawText(printable(s), { x, y, size, font, color });

  const newPage = (first: boolean) => {
    const page = pdf.addPage(A4);
    text(
      page,
      first ? 'JOB TRAVELER' : `JOB TRAVELER ${job.number} (continued)`,
      MARGIN,
      height - MARGIN - 4,
      9,
      bold,
      GREY,
    );
    return page;
  };
  let page = newPage(true);
  let y = height - MARGIN - 30;
  text(page, job.number, MARGIN, y, 22, bold);
  drawQr(page, jobScanCode(job.number), width - MARGIN - 84, height - MARGIN, 84);
  y -= 22;
  text(page, `${job.itemNumber}  ${job.itemName}`, MARGIN, y, 12);
  y -= 18;
  text(page, `Quantity ${job.quantity}    Due ${formatTime(job.due)}`, MARGIN, y, 11);
  if (job.orderReference) {
    y -= 16;
    text(page, `For ${job.orderReference}`, MARGIN, y, 11, regular, GREY);
  }
  y = Math.min(y - 28, height - MARGIN - 110);
  page.drawLine({
    start: { x: MARGIN, y: y + 10 },
    end: { x: width - MARGIN, y: y + 10 },
    thickness: 0.7,
    color: GREY,
  });

  for (const op of job.operations) {
    const instructions = wrap(op.instructions, regular, 9, width - 2 * MARGIN - 100).slice(
      0,
      op.drawingUrl ? 2 : 3,
    );
    if (op.drawingUrl) instructions.push(`Drawing: ${op.drawingUrl}`);
    if (y - OP_HEIGHT < MARGIN) {
      page = newPage(false);
      y = height - MARGIN - 30;
    }
    text(page, `${op.number}  ${op.name}${op.rework ? '  (REWORK)' : ''}`, MARGIN, y - 12, 13, bold);
    text(
      page,
      `${op.workCenterCode}${op.machineCode ? ` / ${op.machineCode}` : ''}${op.quantity !== job.quantity ? `    ${op.quantity} parts` : ''}    setup ${Math.round(op.setupMinutes)} min    run ${Math.round(op.runMinutes)} min${op.plannedStart ? `    planned ${formatTime(op.plannedStart)}` : ''}`,
      MARGIN,
      y - 28,
      9,
      regular,
      GREY,
    );
    instructions.forEach((line, i) => {
      text(page, line, MARGIN, y - 44 - i * 12, 9);
    });
    text(page, 'Good ______   Scrap ______   Sign ______', MARGIN, y - OP_HEIGHT + 14, 9, regular, GREY);
    drawQr(page, operationScanCode(op.id), width - MARGIN - 80, y - 4, 80);
    y -= OP_HEIGHT;
    page.drawLine({
      start: { x: MARGIN, y: y + 4 },
      end: { x: width - MARGIN, y: y + 4 },
      thickness: 0.3,
      color: GREY,
    });
  }
  return pdf.save();
}

export async function sendTraveler(
  reply: FastifyReply,
  job: TravelerJob,
  formatTime: (iso: string) => string,
) {
  const bytes = await renderTraveler(job, formatTime);
  return reply
    .type('application/pdf')
    .header(
      'content-disposition',
      `inline; filename="${job.number.replace(/[^A-Za-z0-9-]+/g, '-')}-traveler.pdf"`,
    )
    .send(Buffer.from(bytes));
}
