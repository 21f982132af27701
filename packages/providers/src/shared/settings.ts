/** Settings every provider factory accepts; all optional, defaults are the real sites. */
export interface BaseProviderSettings {
  /** Base URL of the service (default: the real site). */
  baseUrl?: string;
  /** Per-request timeout in ms for this provider's own calls. */
  timeoutMs?: number;
}
