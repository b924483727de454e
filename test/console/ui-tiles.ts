/**
 * A map tile server for the console's browser test: HTTPS on 127.0.0.1 with a certificate of the
 * test's own CA (`console.tileUrl` must be https://), answering every `/{z}/{x}/{y}.png` with one
 * 256×256 PNG and noting each request (path and headers), so the test can say which tiles the page
 * asked for and what else the browser told the tile server. Its URL names TILE_HOST, a host of its
 * own as a deployment's tile server is (the browser maps the name to 127.0.0.1, TILE_HOST_RULE): the
 * console's cookies are per host, not per port, so a tile server on the console's host would get them.
 */
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { crc32, deflateSync } from 'node:zlib';
import type { Credentials } from '../../src/platform/pki.ts';

export interface TileRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface TileServer {
  /** The URL template for `console.tileUrl`. */
  template: string;
  requests: TileRequest[];
  close(): Promise<void>;
}

/** A name of the reserved `.test` TLD (RFC 6761 §6.2), resolved only by the test's browser. */
export const TILE_HOST = 'tiles.test';
/** Chromium's flag that resolves TILE_HOST to the server's address. */
export const TILE_HOST_RULE = `--host-resolver-rules=MAP ${TILE_HOST} 127.0.0.1`;

const TILE = /^\/(\d{1,2})\/(\d{1,7})\/(\d{1,7})\.png$/;

export async function startTileServer(creds: Credentials): Promise<TileServer> {
  const png = solidPng(256, [0x9e, 0xd0, 0x9a]);
  const requests: TileRequest[] = [];
  const server: Server = createServer({ cert: creds.certPem, key: creds.keyPem }, (req, res) => {
    const path = req.url ?? '';
    requests.push({ path, headers: { ...req.headers } });
    if (req.method !== 'GET' || !TILE.test(path)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length, 'cache-control': 'no-store' }).end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    template: `https://${TILE_HOST}:${port}/{z}/{x}/{y}.png`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A PNG (PNG spec §11: IHDR, one IDAT of filter-0 RGB rows, IEND) of one colour. */
function solidPng(size: number, rgb: readonly [number, number, number]): Buffer {
  const row = Buffer.alloc(1 + 3 * size);
  for (let x = 0; x < size; x++) row.set(rgb, 1 + 3 * x);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits, truecolour, deflate, filter 0, no interlace
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}
