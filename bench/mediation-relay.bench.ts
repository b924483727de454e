/**
 * Scenario: X3 IPv4/UDP/RTP content for one LIID, POI → MDF → LEMF with every guarantee on, against
 * a raw node:tls relay of the same frames (bench/relay/run.ts). BENCH_PDUS (100000), BENCH_ROUNDS (3).
 */
import { runRelayBench } from './relay/run.ts';

await runRelayBench({ title: 'mediation-relay (X3 RTP, 1 LIID)', kind: 'x3-rtp', liids: 1 });
