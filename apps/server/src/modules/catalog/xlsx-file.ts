/**
 * XLSX in for imports: the first worksheet as rows keyed by normalized header, like `readCsv`,
 * so one importer reads both. The header is the first non-empty row; a row's `line` is its row
 * number in the sheet, which is what the user sees in Excel. Cells are read as the text Excel
 * shows (formulas by their result), so '1.2.3' item numbers and '2,5' decimals read as in CSV.
 * Uses exceljs (~4.4, reads and writes XLSX on Node 20).
 */
import ExcelJS from 'exceljs';
import { RuleViolationError } from '../../platform/errors';
import { type CsvRow, normalizeHeader } from './csv-file';

const notXlsx = (message: string) =>
  new RuleViolationError(`the file is not a readable XLSX workbook: ${message}`, [
    { field: 'file', rule: 'xlsx', message },
  ]);

export async function readXlsx(content: Uint8Array): Promise<CsvRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(content) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  } catch (error) {
    throw notXlsx((error as Error).message);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw notXlsx('the workbook has no worksheet');
  const rows: { line: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(row.getCell(c).text.trim());
    if (cells.some((v) => v !== '')) rows.push({ line: rowNumber, cells });
  });
  if (rows.length === 0)
    throw new RuleViolationError('the file is empty', [
      { field: 'file', rule: 'not-empty', message: 'no header row' },
    ]);
  const headers = rows[0].cells.map(normalizeHeader);
  return rows.slice(1).map(({ line, cells }) => ({
    line,
    values: Object.fromEntries(headers.map((h, i) => [h, cells[i] ?? ''])),
  }));
}
