/**
 * The layering lint (`npm run lint:floors`, part of `npm run lint`: dependency-cruiser with the repo's .dependency-cruiser.cjs) can fail:
 * it runs, exactly as package.json's `lint:floors` script does, on tiny source trees in a temp folder that mirror
 * the floors, and must name an upward import, a type-only upward import, production code importing
 * src/testing, react below app and the page reaching tfjs, while the same trees without the bad import pass.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CONFIG = '.dependency-cruiser.cjs';
const DEPCRUISE = path.join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const RUN_TIMEOUT_MS = 30_000;

/** The arguments of `npm run lint` after `depcruise`, with the config file made absolute. */
function lintArgs(): string[] {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = pkg.scripts["lint:floors"].trim().split(/\s+/);
  expect(command).toBe('depcruise');
  expect(args).toContain(CONFIG);
  return args.map((arg) => (arg === CONFIG ? path.join(ROOT, CONFIG) : arg));
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Writes a tree (path -> contents) with a minimal tsconfig.json into a fresh temp folder. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'layering-'));
  dirs.push(dir);
  const all: Record<string, string> = {
    'tsconfig.json': JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true },
      include: ['src'],
    }),
    ...files,
  };
  for (const [name, text] of Object.entries(all)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/** Runs the lint in `dir`; returns its exit code and its output without colours. */
function lint(dir: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [DEPCRUISE, ...lintArgs()], { cwd: dir, encoding: 'utf8', timeout: RUN_TIMEOUT_MS });
  if (r.error) throw r.error;
  const output = `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
  return { status: r.status, output };
}

const CORE = { 'src/core/a.ts': 'export const a = 1;\n', 'src/core/t.ts': 'export interface T { n: number }\n' };
const APP = { 'src/app/c.ts': "import { a } from '../core/a';\nexport const c = a + 1;\nexport type C = { c: number };\n" };
const TESTING = { 'src/testing/help.ts': "import { a } from '../core/a';\nexport const help = a;\n" };
/** A test may import its own floor (lip and data share one) and src/testing. */
const TESTS = {
  'src/data/d.ts': "import { a } from '../core/a';\nexport const d = a;\n",
  'src/lip/b.test.ts': "import { b } from './b';\nimport { d } from '../data/d';\nimport { help } from '../testing/help';\nexport const all = [b, d, help];\n",
};

describe('npm run lint:floors (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  it('names an upward import (lip -> app) and passes once it points down', () => {
    const bad = lint(
      tree({ ...CORE, ...APP, 'src/lip/b.ts': "import { c } from '../app/c';\nexport const b = c;\n" }),
    );
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain('error lip-imports-only-lower-floors: src/lip/b.ts → src/app/c.ts');
    expect(bad.output).toMatch(/src\/lip may import only itself and src\/core/);

    const good = lint(
      tree({ ...CORE, ...APP, ...TESTING, ...TESTS, 'src/lip/b.ts': "import { a } from '../core/a';\nexport const b = a;\n" }),
    );
    expect(good.output).toContain('no dependency violations found');
    expect(good.status).toBe(0);
  });

  it('counts a type-only upward import (core -> app) as an import', () => {
    const bad = lint(
      tree({ ...CORE, ...APP, 'src/core/u.ts': "import type { C } from '../app/c';\nexport const u: C = { c: 1 };\n" }),
    );
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain('error core-imports-nothing-of-the-project: src/core/u.ts → src/app/c.ts');
  });

  it('forbids production code to import src/testing', () => {
    const bad = lint(
      tree({ ...CORE, ...TESTING, 'src/lip/b.ts': "import { help } from '../testing/help';\nexport const b = help;\n" }),
    );
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain('error testing-only-in-tests: src/lip/b.ts → src/testing/help.ts');
  });

  it('forbids the floors below app to import react (or zustand, d3)', () => {
    const bad = lint(
      tree({
        ...CORE,
        'node_modules/react/package.json': JSON.stringify({ name: 'react', version: '0.0.0', main: 'index.js' }),
        'node_modules/react/index.js': 'export const useState = 0;\n',
        'src/train/r.ts': "import { useState } from 'react';\nexport const r = useState;\n",
      }),
    );
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain('error no-ui-libraries-below-app: src/train/r.ts → node_modules/react/index.js');
  });

  it('keeps src/bridge on core alone and away from @tensorflow, while src/app may import it', () => {
    const files = {
      ...CORE,
      'node_modules/@tensorflow/tfjs/package.json': JSON.stringify({ name: '@tensorflow/tfjs', version: '0.0.0', main: 'index.js' }),
      'node_modules/@tensorflow/tfjs/index.js': 'export const version = "0";\n',
      'src/lip/y.ts': "import * as tf from '@tensorflow/tfjs';\nexport const y = tf.version;\n",
      'src/app/x.ts': "import { p } from '../bridge/p';\nexport const x = p;\n",
    };
    const viaLip = lint(tree({ ...files, 'src/bridge/p.ts': "import { y } from '../lip/y';\nexport const p = y;\n" }));
    expect(viaLip.status).not.toBe(0);
    expect(viaLip.output).toContain('error bridge-imports-only-lower-floors: src/bridge/p.ts → src/lip/y.ts');

    const direct = lint(tree({ ...files, 'src/bridge/p.ts': "import * as tf from '@tensorflow/tfjs';\nexport const p = tf.version;\n" }));
    expect(direct.status).not.toBe(0);
    expect(direct.output).toContain('error bridge-never-reaches-tfjs: src/bridge/p.ts → node_modules/@tensorflow/tfjs/index.js');

    const good = lint(tree({ ...files, 'src/bridge/p.ts': "import { a } from '../core/a';\nexport const p = a;\n" }));
    expect(good.output).toContain('no dependency violations found');
    expect(good.status).toBe(0);
  });

  it('names src/app reaching @tensorflow through a lower floor, but lets src/ui/diagnostics reach it', () => {
    const files = {
      ...CORE,
      'node_modules/@tensorflow/tfjs/package.json': JSON.stringify({ name: '@tensorflow/tfjs', version: '0.0.0', main: 'index.js' }),
      'node_modules/@tensorflow/tfjs/index.js': 'export const version = "0";\n',
      'src/lip/y.ts': "import * as tf from '@tensorflow/tfjs';\nexport const y = tf.version;\n",
      'src/ui/diagnostics/page.ts': "import { y } from '../../lip/y';\nexport const page = y;\n",
    };
    const bad = lint(tree({ ...files, 'src/app/x.ts': "import { y } from '../lip/y';\nexport const x = y;\n" }));
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain('error page-never-reaches-tfjs: src/app/x.ts → node_modules/@tensorflow/tfjs/index.js');
    expect(bad.output).toMatch(/src\/lip\/y\.ts →\s+node_modules\/@tensorflow\/tfjs\/index\.js/);
    expect(bad.output).not.toContain('src/ui/diagnostics/page.ts →');
    expect(bad.output).toContain('1 dependency violations');

    const good = lint(tree({ ...files, 'src/app/x.ts': "import { a } from '../core/a';\nexport const x = a;\n" }));
    expect(good.output).toContain('no dependency violations found');
    expect(good.status).toBe(0);
  });
});
