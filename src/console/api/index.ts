/**
 * The console's data routes (console-shared.md "Data (H5)"), mounted by the console server (H4):
 * `consoleApiRoutes(store)` lists them with their scope and roles; the server authenticates, checks
 * the LIID's assignment (403) and retention (410) before a handler runs, and logs the `access` each
 * handler returns.
 */
import type { ApiRoute } from './contract.ts';
import type { ConsoleQueryStore } from '../store/types.ts';
import { exportHandlers } from './exports.ts';
import { viewHandlers } from './views.ts';
import type { EvidenceReader } from './pcap-export.ts';

export interface ConsoleApiOptions {
  /** Exports wait for a supervisor's approval (config `console.exportApproval`); default true (fail closed). */
  exportApproval?: boolean;
  /**
   * Reads a record's PDU back from the LEMF's evidence (the LEMF store's `evidenceOf`): PCAP exports
   * then hold IP content (iPCC) as delivered; without it, call content only.
   */
  evidenceOf?: EvidenceReader;
}

export function consoleApiRoutes(store: ConsoleQueryStore, options: ConsoleApiOptions = {}): ApiRoute[] {
  const v = viewHandlers(store);
  const x = exportHandlers(store, { exportApproval: options.exportApproval ?? true, ...(options.evidenceOf ? { evidenceOf: options.evidenceOf } : {}) });
  return [
    { method: 'GET', path: '/api/warrants/:liid/timeline', scope: 'liid', handler: v.timeline },
    { method: 'GET', path: '/api/warrants/:liid/calls', scope: 'liid', handler: v.calls },
    { method: 'GET', path: '/api/warrants/:liid/calls/:cin', scope: 'liid', handler: v.call },
    { method: 'GET', path: '/api/warrants/:liid/calls/:cin/audio.wav', scope: 'liid', handler: v.audio },
    { method: 'GET', path: '/api/warrants/:liid/sms', scope: 'liid', handler: v.sms },
    { method: 'GET', path: '/api/warrants/:liid/locations', scope: 'liid', handler: v.locations },
    { method: 'GET', path: '/api/warrants/:liid/browsing', scope: 'liid', handler: v.browsing },
    { method: 'GET', path: '/api/warrants/:liid/contacts', scope: 'liid', handler: v.contacts },
    { method: 'GET', path: '/api/contacts/common', scope: 'user', handler: v.commonContacts },
    { method: 'GET', path: '/api/search', scope: 'user', handler: v.search },
    { method: 'POST', path: '/api/warrants/:liid/records/:id/privileged', scope: 'liid', roles: ['supervisor'], handler: v.privileged },
    { method: 'POST', path: '/api/warrants/:liid/exports', scope: 'liid', handler: x.create },
    { method: 'POST', path: '/api/exports/:id/approve', scope: 'user', roles: ['supervisor'], handler: x.approve },
    { method: 'GET', path: '/api/exports/:id', scope: 'user', handler: x.get },
    { method: 'GET', path: '/api/exports/:id/file', scope: 'user', handler: x.file },
  ];
}

export type { ConsoleQueryStore } from '../store/types.ts';
export type { EvidenceReader } from './pcap-export.ts';
