/** The one list of provider names and of embedded Service modes (flags, options and types read these). */
export const PROVIDER_NAMES = ['local', 'kind', 'kubeconfig'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** --service-mode: the embedded Service data path; auto picks iptables when it works (root), else userspace. */
export const SERVICE_MODES = ['auto', 'iptables', 'userspace'] as const;
export type ServiceModeChoice = (typeof SERVICE_MODES)[number];
