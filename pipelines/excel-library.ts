/**
 * The workbook library (exceljs), loaded on first use: the CLI's commands and a server's start
 * without workbooks never need it. Loading it compiles a large CommonJS library in one synchronous
 * stretch (about a quarter of a second here), so a server loads it before it takes requests
 * (server/cli/commands/serve.ts), not in the middle of the first workbook upload.
 */
import type ExcelJS from 'exceljs';

export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}
