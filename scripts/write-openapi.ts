// ./pnpm run openapi: rewrites docs/openapi.json from the running API. Run it after any change
// to a route, schema or documented header; scripts/test/openapi-committed.test.ts fails until then.
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { liveOpenApiText, OPENAPI_FILE } from './openapi-document.ts';

writeFileSync(OPENAPI_FILE, await liveOpenApiText());
console.warn(`wrote ${relative(process.cwd(), OPENAPI_FILE)}`);
