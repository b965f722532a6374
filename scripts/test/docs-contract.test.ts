import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROBLEM_TYPES } from '../../packages/adapters-http/src/errors/problem-types.ts';

const root = join(import.meta.dirname, '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
const api = read('docs/api.md');

/** The "| variable | default | meaning |" rows of a Markdown table, by their first cell's names. */
function documentedVariables(markdown: string): Set<string> {
  const names = new Set<string>();
  for (const line of markdown.split('\n')) {
    const first = /^\| ([^|]+) \|/.exec(line)?.[1] ?? '';
    for (const [, name] of first.matchAll(/`([A-Z][A-Z0-9_]+)`/g)) if (name !== undefined) names.add(name);
  }
  return names;
}

describe('docs/api.md, the contract in the repository', () => {
  it('maps every problem code the API can answer to its status', () => {
    for (const [code, { status }] of Object.entries(PROBLEM_TYPES)) {
      expect(api, `${code} (${status})`).toMatch(new RegExp(`^\\| ${status} \\| \`${code}\` \\|`, 'm'));
    }
  });

  it('describes every operation of docs/openapi.json', () => {
    const document = JSON.parse(read('docs/openapi.json')) as { paths: Record<string, object> };
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const method of Object.keys(methods)) {
        const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
        expect(api, route).toContain(`\`${route}\``);
      }
    }
  });

  it('documents every variable of .env.example, and .env.example lists every documented one', () => {
    const example = new Set(
      [...read('.env.example').matchAll(/^# ([A-Z][A-Z0-9_]+)=/gm)].map(([, name]) => name ?? ''),
    );
    const configuration = api.split('\n## Configuration\n')[1] ?? '';
    expect([...documentedVariables(configuration)].sort()).toEqual([...example].sort());
  });

  it('documents every variable the configuration reads (apps/api/src/config.ts)', () => {
    const variables = [...read('apps/api/src/config.ts').matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map(
      ([, name]) => name ?? '',
    );
    // The schema's keys, one per line; if the file is reshaped, this reader must follow it.
    expect(variables.length).toBeGreaterThan(10);
    const configuration = documentedVariables(api.split('\n## Configuration\n')[1] ?? '');
    expect(variables.filter((name) => !configuration.has(name))).toEqual([]);
  });
});
