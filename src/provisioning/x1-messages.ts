/**
 * The X1 messages the ADMF sends (TS 103 221-1 §6.2, §6.3, Annex C), built from a ProvisionTask and
 * the registry, as docs/profile.md fixes them.
 */
import { expandIpv6Groups, parseIpv6Groups } from '../standards/ip-text.ts';
import { x1Timestamp, type DestinationDetails, type IPAddress, type ServiceScopingOptions, type ServiceType, type TaskDetails } from '../standards/x1/index.ts';
import type { X1RequestBody } from '../wires/x1/index.ts';
import type { Endpoint } from '../wires/transport.ts';
import { elementsFor, stableDid, type AgencyDestinationEntry, type ProvisionTask, type Registry, type ServiceCategory } from './registry.ts';

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

/**
 * The warrant's services as TS 103 221-1 ServiceTypes (Table C.2; docs/profile.md): SMS is
 * "messaging"; location has no ServiceType of its own, "LALS" (lawful access location services) is the
 * nearest, and the MDF's ServiceScoping says it again with LocationType.
 */
const X1_SERVICE: Record<ServiceCategory, ServiceType> = { voice: 'voice', sms: 'messaging', data: 'data', location: 'LALS' };
const SERVICE_ORDER: readonly ServiceCategory[] = ['voice', 'sms', 'data', 'location'];

export function x1ServiceTypes(services: readonly ServiceCategory[]): ServiceType[] {
  return SERVICE_ORDER.filter((s) => services.includes(s)).map((s) => X1_SERVICE[s]);
}

/** Annex C ServiceScoping for the MDF: the warrant's services, location reported only if warranted. */
export function serviceScoping(services: readonly ServiceCategory[]): ServiceScopingOptions[] {
  return [
    {
      serviceType: x1ServiceTypes(services),
      locationType: services.includes('location') ? { listOfLocationTypes: [{ beginningAndEnd: true, uponChange: true }] } : { doNotReport: true },
    },
  ];
}

/** The certificate identities of the elements a task is sent to (registry element id = certificate identity). */
export const taskedElementsOf = (reg: Registry, t: ProvisionTask): string[] => elementsFor(reg, t).map((ne) => ne.id).sort();

/**
 * ActivateTask toward a POI: the target, X2 (and X3 with content), the MDF ingest destination, and
 * the warrant's services (§6.2.1.2 ListOfServiceTypes: the element reports only those).
 */
export function neTask(t: ProvisionTask, mediationId: string): TaskDetails {
  return {
    xId: t.xid,
    targetIdentifiers: [t.target],
    deliveryType: t.deliveryType,
    listOfDIDs: [ingestDid(mediationId)],
    listOfServiceTypes: x1ServiceTypes(t.services),
    warrantBinding: { warrantId: t.warrantId, warrantHash: t.warrantHash },
  };
}

/**
 * ActivateTask toward the MDF: the same XID with the MediationDetails (LIID, HI destinations, window,
 * ServiceScoping) and the elements the task goes to (`taskedElements`, docs/x1.md): the MDF's guard
 * refuses records of other services, from other POIs, or for other targets. Without `taskedElements`
 * the MDF accepts the XID from any registered POI: the ADMF always passes them (taskedElementsOf).
 */
export function mdfTask(t: ProvisionTask, dest: AgencyDestinationEntry, taskedElements?: readonly string[]): TaskDetails {
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
        serviceScopingOptions: serviceScoping(t.services),
      },
    ],
    warrantBinding: { warrantId: t.warrantId, warrantHash: t.warrantHash },
    ...(taskedElements !== undefined && { taskedElements: [...taskedElements].sort() }),
  };
}

export const activate = (taskDetails: TaskDetails): X1RequestBody => ({ messageType: 'ActivateTaskRequest', taskDetails });
export const deactivate = (xId: string): X1RequestBody => ({ messageType: 'DeactivateTaskRequest', xId });
export const createDestination = (destinationDetails: DestinationDetails): X1RequestBody => ({ messageType: 'CreateDestinationRequest', destinationDetails });
