/** docs/api.md: bodies are limited to 16 KiB. */
export const BODY_LIMIT_BYTES = 16 * 1024;
