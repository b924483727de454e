/** Scenario: X2 SIP IRI for one LIID, POI → MDF → LEMF with every guarantee on (bench/relay/run.ts). */
import { runRelayBench } from './relay/run.ts';

await runRelayBench({ title: 'mediation-relay (X2 SIP IRI, 1 LIID)', kind: 'x2-sip', liids: 1 });
