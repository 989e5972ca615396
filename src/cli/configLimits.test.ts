/**
 * The runner's side of the float32 limits (issue 10, item 1): a config whose numbers are finite in JSON but
 * not in float32 (1e39 is Infinity there) once trained to "diverged" with null weights and exit 0. It must
 * be refused like any bad config: exit 2, one line naming the field, nothing written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfigFile, UsageError } from './common';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const dir = mkdtempSync(path.join(tmpdir(), 'lip-config-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the JSON text as it is (so 1e400 stays a literal the parser turns into Infinity). */
function configFile(name: string, jsonText: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, jsonText);
  return file;
}

/** The one-line message readConfigFile throws for the config text. */
function refusal(jsonText: string): string {
  try {
    readConfigFile(configFile('config.json', jsonText));
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`accepted: ${jsonText}`);
}

describe('runner: numbers beyond float32 are refused, naming the field', () => {
  it.each([
    ['{"data":{"name":"user","points":[[1e39,0,1],[0,0,-1]]}}', /data\.points: point 0: x must be between -10000 and 10000, got 1e\+39/],
    ['{"data":{"name":"user","points":[[0,-1e39,1]]}}', /data\.points: point 0: y must be between -10000 and 10000, got -1e\+39/],
    ['{"data":{"name":"user","points":[[0,0,1],[1e300,0,-1]]}}', /data\.points: point 1: x must be between .* got 1e\+300/],
    ['{"data":{"name":"user","points":[[3.5e38,0,1]]}}', /got 3\.5e\+38/],
    ['{"data":{"name":"user","points":[[1e400,0,1]]}}', /data\.points: point 0: x must be a finite number, got Infinity/],
    ['{"loss":{"tau":3.5e38}}', /loss\.tau: must be between 0\.001 and 10000, got 3\.5e\+38/],
    ['{"train":{"lr":1e-46}}', /train\.lr: must be between 1e-7 and 10, got 1e-46/],
    ['{"model":{"lipschitz":1e39}}', /model\.lipschitz: must be between/],
    ['{"data":{"scale":1e-46}}', /data\.scale: must be between 0\.01 and 100, got 1e-46/],
    ['{"loss":{"alpha":1e300,"margin":-1e39}}', /loss\.alpha: must be between .*; loss\.margin: must be between/],
  ])('%s', (text, message) => {
    const m = refusal(text);
    expect(m).toMatch(message);
    expect(m).not.toContain('\n');
  });

  it('a tiny value where 0 is allowed is read (it is that 0 in float32)', () => {
    const config = readConfigFile(configFile('tiny.json', '{"data":{"name":"user","noise":1e-46,"points":[[1e-46,0,1]]},"loss":{"alpha":1e-300}}'));
    expect(config.data.points).toEqual([[1e-46, 0, 1]]);
    expect(Math.fround(config.loss.alpha)).toBe(0);
  });

  it('the CLI exits 2 with one line on stderr, prints nothing and writes no --out', () => {
    const config = configFile('overflow.json', '{"data":{"name":"user","points":[[1e39,0,1],[0,0,-1]]},"train":{"steps":5}}');
    const out = path.join(dir, 'metrics.json');
    const r = spawnSync(TSX, ['src/cli/experiment.ts', config, '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/data\.points: point 0: x must be between -10000 and 10000, got 1e\+39/);
    expect(existsSync(out)).toBe(false);
  });
});
