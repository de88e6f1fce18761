// How this package names itself to every provider: one honest User-Agent, the package and its
// version (like the official FullEnrich node's `n8n-nodes-fullenrich/<version>`), so a provider's
// support can tell our requests apart. Nothing about the user, the workflow or the n8n instance.
import { PACKAGE_NAME, PACKAGE_VERSION } from './packageVersion';

export const USER_AGENT = `${PACKAGE_NAME}/${PACKAGE_VERSION}`;

/** Headers every provider request carries. */
export const CLIENT_HEADERS: Readonly<Record<string, string>> = { 'User-Agent': USER_AGENT };
