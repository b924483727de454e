/** XML namespaces of TS 103 120 (HI-1) and the prefixes the encoder declares on the root element. */
export const NS = {
  core: 'http://uri.etsi.org/03120/common/2019/10/Core',
  common: 'http://uri.etsi.org/03120/common/2016/02/Common',
  task: 'http://uri.etsi.org/03120/common/2020/09/Task',
  auth: 'http://uri.etsi.org/03120/common/2020/09/Authorisation',
  doc: 'http://uri.etsi.org/03120/common/2020/09/Document',
  notification: 'http://uri.etsi.org/03120/common/2016/02/Notification',
  delivery: 'http://uri.etsi.org/03120/common/2019/10/Delivery',
  config: 'http://uri.etsi.org/03120/common/2024/06/Config',
  dictionaries: 'http://uri.etsi.org/03280/common/2019/10/Dictionaries',
  etsi: 'http://uri.etsi.org/03280/common/2017/07',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  digsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

export type NamespaceKey = keyof typeof NS;

/** Prefix the encoder uses for a known namespace (core is the default namespace: ''). */
export function prefixFor(namespace: string): string | undefined {
  for (const [key, uri] of Object.entries(NS)) if (uri === namespace) return key === 'core' ? '' : key;
  return undefined;
}
