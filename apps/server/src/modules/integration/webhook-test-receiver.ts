/**
 * A real HTTP receiver for webhook tests (unit and browser): node:http on a free local port,
 * keeping every request as received (headers and raw body) and answering with the status codes
 * it is told to, one per request, then 200. It checks signatures the way a receiver should.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from './webhook-signature';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  json: { id: string; type: string; entity: string; entityId: string; occurredAt: string; payload: unknown };
}

export interface TestReceiver {
  url: string;
  received: ReceivedRequest[];
  /** status codes for the next requests, in order; afterwards 200 */
  answerWith(...statuses: number[]): void;
  /** holds every answer this long (to provoke timeouts) */
  delayAnswersBy(ms: number): void;
  /** whether a request carries a valid signature for this secret */
  verifies(request: ReceivedRequest, secret: string): boolean;
  close(): Promise<void>;
}

export async function startTestReceiver(): Promise<TestReceiver> {
  const received: ReceivedRequest[] = [];
  const statuses: number[] = [];
  let delayMs = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      let json: ReceivedRequest['json'];
      try {
        json = JSON.parse(rawBody);
      } catch {
        json = { id: '', type: '', entity: '', entityId: '', occurredAt: '', payload: null };
      }
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        rawBody,
        json,
      });
      const status = statuses.shift() ?? 200;
      const answer = () => {
        if (response.destroyed) return;
        response.writeHead(status, { 'content-type': 'text/plain' });
        response.end(status >= 300 ? `receiver says ${status}` : 'ok');
      };
      if (delayMs > 0) setTimeout(answer, delayMs).unref();
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/takt/webhook`,
    received,
    answerWith: (...codes) => statuses.push(...codes),
    delayAnswersBy: (ms) => {
      delayMs = ms;
    },
    verifies: (request, secret) => {
      const header = request.headers['takt-signature'];
      return verifyWebhookSignature(secret, Array.isArray(header) ? header[0] : header, request.rawBody)
        .valid;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
