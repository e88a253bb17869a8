/**
 * CAD BOM import on an item: preview the diff against the current revisions, then apply it as
 * new draft revisions. The file comes as JSON (CSV text, or an XLSX workbook in base64).
 */
import { cadImportBody, cadImportPreview, cadImportResult, idParams } from '@takt/contracts';
import type { Db } from '../../platform/db/database';
import { ruleViolation } from '../../platform/errors';
import { principalOf } from '../../platform/http/route-auth';
import type { ZodApp } from '../../platform/http/zod-app';
import { actorOf } from '../identity/service';
import { applyCadBom, type CadFile, previewCadBom } from './csv-import';

const writeBom = { auth: { action: 'write', subject: 'Bom' } } as const;
const bodyLimit = 30 * 1024 * 1024;

/** The body's file as the importer reads it: CSV text or XLSX bytes. */
function fileOf(body: { fileName: string; format?: 'csv' | 'xlsx'; content: string }): CadFile {
  const format =
    body.format ??
    (/\.xlsx$/i.test(body.fileName) ? 'xlsx' : /\.(csv|txt)$/i.test(body.fileName) ? 'csv' : undefined);
  if (!format)
    throw ruleViolation(
      'fileName',
      'format',
      `${body.fileName}: send a .csv or .xlsx file (or say the format)`,
    );
  if (format === 'csv') return body.content;
  const bytes = Buffer.from(body.content, 'base64');
  if (bytes.length === 0) throw ruleViolation('content', 'base64', 'an XLSX file is sent as base64');
  return new Uint8Array(bytes);
}

export function cadImportRoutes(app: ZodApp, services: { db: Db }): void {
  app.post(
    '/api/items/:id/cad-import/preview',
    {
      config: writeBom,
      bodyLimit,
      schema: {
        tags: ['import'],
        summary:
          'Preview an indented CAD BOM (CSV or XLSX) under the item: the diff against the current revisions; writes nothing',
        params: idParams,
        body: cadImportBody,
        response: { 200: cadImportPreview },
      },
    },
    (request) => previewCadBom(services.db, fileOf(request.body), { id: request.params.id }),
  );
  app.post(
    '/api/items/:id/cad-import/apply',
    {
      config: writeBom,
      bodyLimit,
      schema: {
        tags: ['import'],
        summary:
          'Import an indented CAD BOM under the item: new items and a new draft revision per changed assembly, in one transaction',
        params: idParams,
        body: cadImportBody,
        response: { 200: cadImportResult },
      },
    },
    (request) =>
      applyCadBom(
        services.db,
        actorOf(principalOf(request)),
        fileOf(request.body),
        { id: request.params.id },
        request.body.revision,
      ),
  );
}
