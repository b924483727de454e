/**
 * The X1 messages the ADMF sends (TS 103 221-1 §6.2, §6.3, Annex C), built from a ProvisionTask and
 * the registry, as docs/profile.md fixes them.
 */
import { expandIpv6Groups, parseIpv6Groups } from '../standards/ip-text.ts';
import { x1Timestamp, type DestinationDetails, type IPAddress, type TaskDetails } from '../standards/x1/index.ts';
import type { X1RequestBody } from '../wires/x1/index.ts';
import type { Endpoint } from '../wires/transport.ts';
import { stableDid, type AgencyDestinationEntry, type ProvisionTask } from './registry.ts';

function ipOf(host: string): IPAddress {
  if (!host.includes(':')) return { kind: 'IPv4Address', value: host };
  // TS 103 280 wants the full 8-group form; text that is no IPv6 address is left for the X1 encoder to refuse.
  const groups = parseIpv6Groups(host);
  return { kind: 'IPv6Address', value: groups === undefined ? host : expandIpv6Groups(groups) };
}

export function destination(did: string, name: string, deliveryType: DestinationDetails['deliveryType'], ep: Endpoint): DestinationDetails {
  return { dId: did, friendlyName: name, deliveryType, deliveryAddress: { kind: 'ipAddressAndPort', address: ipOf(ep.host), port: { kind: 'TCPPort', value: ep.port } } };
}

export const ingestDid = (mediationId: string) => stableDid('x2x3-ingest', mediationId);
export const hi2Did = (d: AgencyDestinationEntry) => stableDid('hi2', d.id);
export const hi3Did = (d: AgencyDestinationEntry) => stableDid('hi3', d.id);

/** ActivateTask toward a POI: the target, X2 (and X3 with content), the MDF ingest destination. */
export function neTask(t: ProvisionTask, mediationId: string): TaskDetails {
  return {
    xId: t.xid,
    targetIdentifiers: [t.target],
    deliveryType: t.deliveryType,
    listOfDIDs: [ingestDid(mediationId)],
    warrantBinding: { warrantId: t.warrantId, warrantHash: t.warrantHash },
  };
}

/** ActivateTask toward the MDF: the same XID with the MediationDetails (LIID, HI destinations, window). */
export function mdfTask(t: ProvisionTask, dest: AgencyDestinationEntry): TaskDetails {
  const content = t.deliveryType === 'X2andX3';
  const dids = content ? [hi2Did(dest), hi3Did(dest)] : [hi2Did(dest)];
  return {
    xId: t.xid,
    targetIdentifiers: [t.target],
    deliveryType: t.deliveryType,
    listOfDIDs: dids,
    listOfMediationDetails: [
      {
        liid: t.liid,
        deliveryType: content ? 'HI2andHI3' : 'HI2Only',
        startTime: x1Timestamp(new Date(t.start)),
        endTime: x1Timestamp(new Date(t.end)),
        listOfDIDs: dids,
      },
    ],
    warrantBinding: { warrantId: t.warrantId, warrantHash: t.warrantHash },
  };
}

export const activate = (taskDetails: TaskDetails): X1RequestBody => ({ messageType: 'ActivateTaskRequest', taskDetails });
export const deactivate = (xId: string): X1RequestBody => ({ messageType: 'DeactivateTaskRequest', xId });
export const createDestination = (destinationDetails: DestinationDetails): X1RequestBody => ({ messageType: 'CreateDestinationRequest', destinationDetails });
