// IDWise serves each region from its own host (docs.idwise.com/reference/get-journey-summary,
// "Base URL by Region"). Keys belong to one region's account, so the credential picks the host.

export const IDWISE_REGION_BASE_URLS = {
	eu: 'https://api.idwise.com',
	uae: 'https://api-uae.idwise.com',
	qatar: 'https://api-qat.idwise.com',
} as const;

export type IdwiseRegion = keyof typeof IDWISE_REGION_BASE_URLS | 'custom';

/**
 * The n8n expression behind the credential's hidden `baseUrl` field: n8n resolves it (with
 * `$self` = the credential's own fields) before any node or credential test sees the credential,
 * so the shared transport simply reads `baseUrl` like it does for every other provider.
 */
export const BASE_URL_EXPRESSION =
	'={{ $self.region === "custom" ? $self.customBaseUrl : ' +
	`$self.region === "uae" ? "${IDWISE_REGION_BASE_URLS.uae}" : ` +
	`$self.region === "qatar" ? "${IDWISE_REGION_BASE_URLS.qatar}" : "${IDWISE_REGION_BASE_URLS.eu}" }}`;

