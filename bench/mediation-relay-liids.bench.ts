/** Scenario: X3 RTP content spread over 100 concurrent LIIDs, POI → MDF → LEMF with every guarantee on (bench/relay/run.ts). */
import { runRelayBench } from './relay/run.ts';

await runRelayBench({ title: 'mediation-relay (X3 RTP, 100 LIIDs)', kind: 'x3-rtp', liids: 100 });
