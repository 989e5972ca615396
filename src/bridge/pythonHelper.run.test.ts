/**
 * scripts/playground_model.py, the way back from Python (README "Back from Python"), under Debian's Python:
 * torch nets (plain, and the deel-torchlip stand-in of testdata/deel with its parametrized layers) written as
 * model files that this side reads (parseMlpJson) and whose f (forwardMlpJson) is the net's; the plain
 * PyTorch script's net converted back to the weights it was written from; the command line's self-check and
 * its refusals. Skipped, with the reason in the test's name, where /usr/bin/python3 or its torch is missing.
 * The Keras / deel-lip path is not run here: Debian has no tensorflow.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVATIONS } from '../core/config';
import { forwardMlpJson, parseMlpJson, type MlpDenseJson, type MlpJson } from '../core/mlpJson';
import { spectralNorm } from '../lip/linalg';
import { handMadeMlp, pythonMissing, runPython } from '../testing/python';
import { boxPoints } from '../testing/support';
import { pythonScript } from './python';
import { pyActivationName } from './scriptParts';

const HELPER = fileURLToPath(new URL('../../scripts/playground_model.py', import.meta.url));
const STAND_IN = fileURLToPath(new URL('./testdata', import.meta.url));
const env = { PYTHONPATH: [path.dirname(HELPER), STAND_IN].join(path.delimiter) };
const noTorch = pythonMissing(true);

const dir = mkdtempSync(path.join(tmpdir(), 'lip-helper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const inDir = (name: string) => path.join(dir, name);

/** A GroupSort2 of plain torch (the helper knows activations by class name), for the snippets. */
const PLAIN_GROUPSORT2 = `
class GroupSort2(torch.nn.Module):
    def forward(self, h):
        pairs = h.reshape(len(h), -1, 2)
        return torch.stack([pairs.min(dim=2).values, pairs.max(dim=2).values], dim=2).reshape(h.shape)
`;

interface Converted {
  mlp: unknown;
  /** The net's own f at the points, in eval mode (float32). */
  f: number[];
  /** Whether the net was in training mode after the conversion. */
  training: boolean;
}

/** Runs `build` (Python defining `model` and `lipschitz`), converts the model, returns the file and the net's f at the points. */
function convert(build: string, xy: ArrayLike<number>): Converted {
  const code = `import json, sys, torch
from playground_model import to_playground_json
points = json.load(sys.stdin)
${build}
mlp = to_playground_json(model, lipschitz=lipschitz)
training = model.training
model.eval()
with torch.no_grad():
    f = model(torch.tensor(points)).reshape(-1).tolist()
print(json.dumps({"mlp": mlp, "f": f, "training": training}))
`;
  const points = Array.from({ length: xy.length / 2 }, (_, i) => [xy[2 * i], xy[2 * i + 1]]);
  const r = runPython(['-c', code], { input: JSON.stringify(points), env });
  if (r.status !== 0) throw new Error(`python failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as Converted;
}

/** The file read as the page reads an import; throws the reader's error. */
function read(value: unknown): MlpJson {
  const parsed = parseMlpJson(value);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.mlp;
}

/** Largest |forwardMlpJson - f| over the points. */
function largestGap(mlp: MlpJson, xy: ArrayLike<number>, f: number[]): number {
  return Math.max(...f.map((v, i) => Math.abs(forwardMlpJson(mlp, xy[2 * i], xy[2 * i + 1]) - v)));
}

const denseLayers = (mlp: MlpJson) => mlp.layers.filter((l): l is MlpDenseJson => l.type === 'dense');

describe.skipIf(noTorch !== '')(`scripts/playground_model.py${noTorch ? ` (skipped: ${noTorch})` : ''}`, () => {
  const xy = boxPoints(100, 2.5, 21);

  it('writes a plain torch Sequential(Linear(2, 8), GroupSort2, Linear(8, 1)) whose f is the net\'s (100 points, 1e-5)', () => {
    const { mlp, f } = convert(
      `${PLAIN_GROUPSORT2}
torch.manual_seed(3)
model = torch.nn.Sequential(torch.nn.Linear(2, 8), GroupSort2(), torch.nn.Linear(8, 1))
lipschitz = None`,
      xy,
    );
    const file = read(mlp);
    expect(file.lipschitz).toBeNull();
    expect(file.layers.map((l) => (l.type === 'activation' ? l.name : `${l.type} ${l.bias.length}`))).toEqual(['dense 8', 'groupsort2', 'dense 1']);
    expect(largestGap(file, xy, f)).toBeLessThan(1e-5);
    expect(new Set(f.map((v) => v.toFixed(5))).size).toBeGreaterThan(50); // f varies: not a check on a constant
  });

  it('writes the deel-torchlip stand-in\'s effective weights: Björck and Frobenius parametrizations, k_coef_lip = 2, maxmin and fullsort, nested', () => {
    const { mlp, f, training } = convert(
      `from deel import torchlip
torch.manual_seed(5)
model = torch.nn.Sequential(
    torchlip.SpectralLinear(2, 8), torchlip.GroupSort2(),
    torch.nn.Sequential(torchlip.SpectralLinear(8, 6), torchlip.MaxMin()),
    torchlip.SpectralLinear(12, 4), torchlip.FullSort(),
    torchlip.FrobeniusLinear(4, 1, k_coef_lip=2.0),
)
# A few training steps, so the weights are not their orthogonal start (Björck's cache filled by train-mode calls).
optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
for _ in range(5):
    x = torch.randn(64, 2)
    loss = -(model(x).reshape(-1) * torch.sign(x[:, 0] * x[:, 1])).mean()
    optimizer.zero_grad(); loss.backward(); optimizer.step()
model(torch.randn(4, 2))
lipschitz = 2.0`,
      xy,
    );
    expect(training).toBe(true); // the helper puts each module's mode back
    const file = read(mlp);
    expect(file.lipschitz).toBe(2);
    expect(file.layers.filter((l) => l.type === 'activation').map((l) => (l as { name: string }).name)).toEqual(['groupsort2', 'maxmin', 'fullsort']);
    expect(largestGap(file, xy, f)).toBeLessThan(1e-5);
    expect(new Set(f.map((v) => v.toFixed(5))).size).toBeGreaterThan(50);
    // The effective weights, not the raw parameters: Björck's are orthogonal, the head's column has norm k_coef_lip.
    const dense = denseLayers(file);
    expect(Math.abs(spectralNorm(dense[0].weights.flat(), 2, 8) - 1)).toBeLessThan(1e-2);
    const head = dense[dense.length - 1].weights.map((row) => row[0]);
    expect(Math.hypot(...head)).toBeCloseTo(2, 5);
  });

  for (const activation of ACTIVATIONS) {
    it(`converts the plain PyTorch script's net back to the model file's weights (${activation}, 1e-6)`, () => {
      const original = handMadeMlp([activation, activation], [6, 4, 1], activation === 'tanh' ? null : 1.5, 9);
      const script = inDir(`roundtrip_${activation}.py`);
      writeFileSync(script, pythonScript({ flavour: 'torch', model: original }));
      // PlaygroundNet applies its activations as functions inside forward, so its children are only the dense
      // layers: the net goes to the helper as the list of its layers, the script's own activation functions between.
      const name = pyActivationName(activation);
      const code = `import json, runpy, sys
from playground_model import save_playground_json
ns = runpy.run_path(sys.argv[1])
net = ns["playground_model"]()
layers = [net.dense[0], ns["${name}"], net.dense[1], ns["${name}"], net.dense[2]]
difference = save_playground_json(layers, sys.argv[2], lipschitz=${original.lipschitz ?? 'None'})
print(difference)`;
      const out = inDir(`roundtrip_${activation}.json`);
      const r = runPython(['-c', code, script, out], { env });
      expect(r.stderr).toBe('');
      expect(Number(r.stdout)).toBeLessThan(1e-12); // float64 net: the self-check sees rounding only
      const back = read(JSON.parse(readFileSync(out, 'utf8')));
      expect(back.lipschitz).toBe(original.lipschitz);
      expect(back.layers.length).toBe(original.layers.length);
      back.layers.forEach((layer, i) => {
        const was = original.layers[i];
        expect(layer.type).toBe(was.type);
        if (layer.type === 'dense' && was.type === 'dense') {
          expect(layer.bias.length).toBe(was.bias.length);
          layer.bias.forEach((v, j) => expect(Math.abs(v - was.bias[j])).toBeLessThan(1e-6));
          layer.weights.forEach((row, k) => row.forEach((v, j) => expect(Math.abs(v - was.weights[k][j])).toBeLessThan(1e-6)));
        } else {
          expect(layer).toEqual(was);
        }
      });
    });
  }

  it('the command line writes a net from FILE.py:NAME and from a torch.save\'d file, prints the self-check, exit 0', () => {
    const net = inDir('net.py');
    writeFileSync(net, `import torch\n${PLAIN_GROUPSORT2}\ndef make():\n    torch.manual_seed(4)\n    return torch.nn.Sequential(torch.nn.Linear(2, 6), GroupSort2(), torch.nn.Linear(6, 6), torch.nn.Tanh(), torch.nn.Linear(6, 1))\n`);
    const out = inDir('cli.json');
    const r = runPython([HELPER, `${net}:make`, '--out', out, '--lipschitz', '1'], { env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^wrote .*cli\.json\nself-check: largest \|f_file - f_model\| over 41 points = \S+ of max\(1, \|f\|\) \(allowed 1e-05\): matches the model\n$/);
    expect(r.status).toBe(0);
    expect(read(JSON.parse(readFileSync(out, 'utf8'))).lipschitz).toBe(1);

    const saved = inDir('net.pt');
    const save = runPython(['-c', `import torch\ntorch.manual_seed(2)\ntorch.save(torch.nn.Sequential(torch.nn.Linear(2, 5), torch.nn.ReLU(), torch.nn.Linear(5, 1)), ${JSON.stringify(saved)})`]);
    expect(save.status).toBe(0);
    const fromFile = runPython([HELPER, saved, '--out', inDir('saved.json')], { env });
    expect(fromFile.stdout).toContain('matches the model');
    expect(fromFile.status).toBe(0);
    expect(read(JSON.parse(readFileSync(inDir('saved.json'), 'utf8'))).layers.map((l) => l.type)).toEqual(['dense', 'activation', 'dense']);
  });

  it('the self-check fails, exit 1, when the net\'s forward does not apply its children in order (the plain PyTorch script\'s net given whole)', () => {
    const script = inDir('whole.py');
    writeFileSync(script, pythonScript({ flavour: 'torch', model: handMadeMlp(['relu'], [6, 1], null, 3) }));
    const r = runPython([HELPER, `${script}:playground_model`, '--out', inDir('whole.json')], { env });
    expect(r.stderr).toMatch(/^self-check: largest .* DOES NOT MATCH the model\nerror: .*does not reproduce the model.*pass its layers as a list\n$/);
    expect(r.status).toBe(1);
  });

  it('refuses an activation the playground does not have, naming the layer and its class, exit 2, nothing written', () => {
    const net = inDir('leaky.py');
    writeFileSync(net, 'import torch\nmodel = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Sequential(torch.nn.LeakyReLU()), torch.nn.Linear(4, 1))\n');
    const out = inDir('leaky.json');
    const r = runPython([HELPER, `${net}:model`, '--out', out], { env });
    expect(r.stderr).toBe('error: model.1.0: LeakyReLU is not a layer the playground has (affine layers, GroupSort2, GroupSort(2), FullSort, MaxMin, ReLU, Tanh, Abs)\n');
    expect(r.stdout).toBe('');
    expect(r.status).toBe(2);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses two outputs with the score f0 - f1 as the way out, and writes that difference when asked', () => {
    const net = inDir('two.py');
    writeFileSync(net, 'import torch\ntorch.manual_seed(6)\nmodel = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))\n');
    const refused = runPython([HELPER, `${net}:model`, '--out', inDir('two.json')], { env });
    expect(refused.stderr).toContain('error: the model has 2 outputs, the playground\'s file one (the score f): for a two-logit head the playground\'s score is f0 - f1');
    expect(refused.status).toBe(2);
    const difference = runPython([HELPER, `${net}:model`, '--out', inDir('two.json'), '--two-logit-difference'], { env });
    expect(difference.stdout).toContain('matches the model');
    expect(difference.status).toBe(0);
  });
});
