/**
 * The plain PyTorch script: float64 nn.Linear layers holding the playground's effective weights and the
 * activations written inline, so f is reproduced without any Lipschitz library (to float64 rounding). It
 * is the function, not a trainable constrained net: training it would leave the constraint behind.
 * Residual blocks (model files of version 2) are one small module each, z = x + act(x V + b) U, from two
 * nn.Linear (V with the bias b, U without), so every net of the layer zoo goes out this way.
 */
import type { MlpJson } from '../core/mlpJson';
import type { CheckPoints } from './checkPoints';
import { DOCS } from './docs';
import { netShapeOf } from './netShape';
import { pyFloat } from './pyText';
import { describeNet, pyActivationName, selfCheckPython, torchActivationFunctions, weightsPython } from './scriptParts';

/** Relative tolerance of the float64 self-check: rounding only. */
export const TORCH_CHECK_TOLERANCE = 1e-9;

/**
 * The lines of PlaygroundNet.forward, layer by layer: a dense layer with the activation after it on one
 * line (`h = relu(self.dense[0](h))`, as version 1 files always are), a lone activation, a residual block,
 * and the last dense layer returned.
 */
function forwardLines(mlp: MlpJson): string[] {
  const lines: string[] = [];
  let dense = 0;
  let residual = 0;
  mlp.layers.forEach((layer, i) => {
    const next = mlp.layers[i + 1];
    if (layer.type === 'dense') {
      const call = `self.dense[${dense++}](h)`;
      if (i === mlp.layers.length - 1) lines.push(`        return ${call}`);
      else if (next.type === 'activation') lines.push(`        h = ${pyActivationName(next.name)}(${call})`);
      else lines.push(`        h = ${call}`);
    } else if (layer.type === 'residual') {
      lines.push(`        h = self.residual[${residual++}](h)`);
    } else if (mlp.layers[i - 1]?.type !== 'dense') {
      lines.push(`        h = ${pyActivationName(layer.name)}(h)`); // one not already applied with its dense layer
    }
  });
  return lines;
}

const RESIDUAL_CLASS = `class Residual(torch.nn.Module):
    """A residual block of the model file: z = x + act(x V + b) U (row vectors), with V and b in \`inner\` and U in
    \`outer\` (no bias). It keeps the width; the playground's sll and cpl layers are written this way, their
    constants folded into U."""

    def __init__(self, width, hidden, units, activation):
        super().__init__()
        self.inner = torch.nn.Linear(width, hidden, dtype=DTYPE)
        self.outer = torch.nn.Linear(units, width, bias=False, dtype=DTYPE)  # units: act's outputs (maxmin doubles)
        self.activation = activation

    def forward(self, x):
        return x + self.outer(self.activation(self.inner(x)))`;

/**
 * lipschitz_bound() of a net with residual blocks: the product of the dense layers' spectral norms and each
 * block's bound, min(generic, split) as the playground's own (lip/zoo/residualBound.ts residualBlockBound,
 * here in float64 torch without its rounding margins): about 1 for sll and cpl blocks.
 */
const RESIDUAL_BOUND = `def norm(matrix):
    return torch.linalg.matrix_norm(matrix.detach(), ord=2).item()


def residual_bound(block):
    """An upper bound of a block's Lipschitz constant, as the playground computes it. Its Jacobian is J = I + V D U,
    D = act' on the diagonal. Generic: 1 + |V|_2 |U|_2 (any 1-Lipschitz activation). Split, for relu and tanh
    (0 <= D <= I): write U = -2 S V^T + E with S = diag(s) >= 0 fitted per hidden unit by least squares; then
    |J|_2 <= max(1, 2 |V S^(1/2)|_2^2 - 1) + |V|_2 |E|_F, which is 1 for sll and cpl blocks (U = -2 S V^T
    exactly, |V S^(1/2)|_2 <= 1) where the generic bound says about 3."""
    v = block.inner.weight.detach().T  # width x hidden
    u = block.outer.weight.detach().T  # rows of U x width
    generic = 1.0 + norm(v) * norm(u)
    if block.activation.__name__ not in ("relu", "tanh"):
        return generic
    squared = (v * v).sum(dim=0)
    s = torch.where(squared > 0, torch.clamp(-(u * v.T).sum(dim=1) / (2 * squared), min=0.0), torch.zeros_like(squared))
    e = u + 2 * s[:, None] * v.T
    split = max(1.0, 2 * norm(v * s.sqrt()) ** 2 - 1) + norm(v) * torch.linalg.norm(e).item()
    return min(generic, split)


def lipschitz_bound(model):
    """An upper bound of f's Lipschitz constant: the product of the dense layers' spectral norms and the residual
    blocks' bounds (residual_bound). About L for the playground's Lipschitz nets."""
    bound = 1.0
    for layer in model.dense:
        bound *= norm(layer.weight)
    for block in model.residual:
        bound *= residual_bound(block)
    return bound`;

export function torchScript(mlp: MlpJson, check: CheckPoints): string {
  const shape = netShapeOf(mlp);
  const sizes = shape.dense.map((d) => `(${d.weights.length}, ${d.bias.length})`).join(', ');
  const hasResidual = shape.residual.length > 0;
  const blocks = shape.residual.map((r) => `(${r.inner.length}, ${r.bias.length}, ${r.outer.length}, ${pyActivationName(r.activation)})`).join(', ');
  const bound =
    shape.kind === 'lipschitz'
      ? `It was built ${shape.lipschitz}-Lipschitz: |f(x)| / ${shape.lipschitz} is a certified radius (no point nearer than that has the other class).`
      : `A standard net: lipschitz_bound() is the product of the ${hasResidual ? 'layers\' bounds' : 'spectral norms'}, an upper bound, usually a loose one.`;
  return `"""
Lipschitz Playground: the trained model as plain PyTorch, ${describeNet(shape)}.

nn.Linear layers in float64 hold the playground's effective weights and the activations are written inline,
so f is the playground's f to float64 rounding, with no Lipschitz library. ${
    hasResidual
      ? `Each residual block is a small module,
z = x + act(x V + b) U, from two nn.Linear (V with the bias b, U without). This is the function itself, not a
trainable constrained net (deel-torchlip and deel-lip have no residual layer of this kind).`
      : `This is the function itself, not a
trainable constrained net (for that, export the deel-torchlip or deel-lip script).`
  }
${bound}

    python3 this_script.py      # needs torch; ends with a self-check against the playground's f

From Python: model = playground_model(); evaluate(model, [[x, y], ...]) returns f at those points.
nn.Linear computes x W^T + b with W stored out x in (${DOCS.torch.linear}), so the
playground's in x out kernels are transposed on loading.
Written by the Lipschitz Playground (npm run export -- MODEL.json --to torch).
"""
import sys

import torch

DTYPE = torch.float64  # the model file's forward pass is float64 arithmetic; float64 reproduces it

${weightsPython(mlp)}
LIPSCHITZ = ${shape.lipschitz === null ? 'None  # a standard net' : pyFloat(shape.lipschitz)}


${torchActivationFunctions(shape.activationsUsed)}${shape.activationsUsed.length ? '\n\n\n' : ''}${hasResidual ? `${RESIDUAL_CLASS}\n\n\n` : ''}class PlaygroundNet(torch.nn.Module):
    """${describeNet(shape)}"""

    def __init__(self):
        super().__init__()
        self.dense = torch.nn.ModuleList([torch.nn.Linear(i, o, dtype=DTYPE) for i, o in [${sizes}]])${
          hasResidual
            ? `\n        # (width, hidden, rows of U, activation) of each residual block\n        self.residual = torch.nn.ModuleList([Residual(*block) for block in [${blocks}]])`
            : ''
        }

    def forward(self, h):
${forwardLines(mlp).join('\n')}


def playground_model():
    """The net with the playground's weights, in eval mode."""
    model = PlaygroundNet()
    with torch.no_grad():
        for layer, w, b in zip(model.dense, WEIGHTS, BIASES):
            layer.weight.copy_(torch.tensor(w, dtype=DTYPE).T)  # torch keeps out x in
            layer.bias.copy_(torch.tensor(b, dtype=DTYPE))${
              hasResidual
                ? `
        for block, r in zip(model.residual, RESIDUALS):
            block.inner.weight.copy_(torch.tensor(r["inner"], dtype=DTYPE).T)
            block.inner.bias.copy_(torch.tensor(r["bias"], dtype=DTYPE))
            block.outer.weight.copy_(torch.tensor(r["outer"], dtype=DTYPE).T)`
                : ''
            }
    return model.eval()


def evaluate(model, points):
    """f at points [[x, y], ...], as a list of floats."""
    with torch.no_grad():
        return model(torch.tensor(points, dtype=DTYPE).reshape(-1, 2)).reshape(-1).tolist()


${
  hasResidual
    ? `${RESIDUAL_BOUND}`
    : `def lipschitz_bound(model):
    """Product of the layers' spectral norms: an upper bound of f's Lipschitz constant (every activation here is
    1-Lipschitz). About L for the playground's Lipschitz nets."""
    bound = 1.0
    for layer in model.dense:
        bound *= torch.linalg.matrix_norm(layer.weight.detach(), ord=2).item()
    return bound`
}


${selfCheckPython(check, TORCH_CHECK_TOLERANCE, 'this net')}


if __name__ == "__main__":
    net = playground_model()
    print(f"Lipschitz bound (${hasResidual ? 'product of spectral norms and residual block bounds' : 'product of spectral norms'}): {lipschitz_bound(net):.7g}"
          + ("" if LIPSCHITZ is None else f"; built for L = {LIPSCHITZ}"))
    sys.exit(0 if self_check(net) else 1)
`;
}
