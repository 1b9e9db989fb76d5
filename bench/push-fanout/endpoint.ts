/**
 * The push service of the benchmark, in a process of its own (it must not share the delivering event loop): an
 * HTTPS endpoint with a certificate made for this run that accepts every POST with 201 and tells the parent when the
 * number it was told to expect has arrived.
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate } from '../../server/src/notifications/test-peers.ts';

const { key, cert } = selfSignedCertificate();
let expected = 0;
let received = 0;
let bytes = 0;
const server = createServer({ key, cert, keepAlive: true }, (req, res) => {
  req.on('data', (c: Buffer) => (bytes += c.length));
  req.on('end', () => {
    res.writeHead(201).end();
    received++;
    if (expected && received === expected) process.send?.({ done: true, received, bytes });
  });
});
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port, ca: cert });
});
process.on('message', (m: { expect: number }) => {
  expected = m.expect;
  received = 0;
  bytes = 0;
  process.send?.({ armed: true });
});
process.on('disconnect', () => process.exit(0));
