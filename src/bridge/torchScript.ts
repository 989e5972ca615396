/**
 * The plain PyTorch script: float64 nn.Linear layers holding the playground's effective weights and the
 * activations written inline, so f is reproduced without any Lipschitz library (to float64 rounding). It
 * is the function, not a trainable constrained net: training it would leave the constraint behind.
 */
import type { MlpJson } from '../core/mlpJson';
import type { CheckPoints } from './checkPoints';
import { DOCS } from './docs';
import { netShapeOf } from './netShape';
import { pyFloat } from './pyText';
import { describeNet, pyActivationName, selfCheckPython, torchActivationFunctions, weightsPython } from './scriptParts';

/** Relative tolerance of the float64 self-check: rounding only. */
export const TORCH_CHECK_TOLERANCE = 1e-9;

export function torchScript(mlp: MlpJson, check: CheckPoints): string {
  const shape = netShapeOf(mlp);
  const sizes = shape.dense.map((d) => `(${d.weights.length}, ${d.bias.length})`).join(', ');
  const forward = shape.dense.map((_, i) =>
    i < shape.activations.length ? `        h = ${pyActivationName(shape.activations[i])}(self.dense[${i}](h))` : `        return self.dense[${i}](h)`,
  );
  const bound =
    shape.kind === 'lipschitz'
      ? `It was built ${shape.lipschitz}-Lipschitz: |f(x)| / ${shape.lipschitz} is a certified radius (no point nearer than that has the other class).`
      : 'A standard net: lipschitz_bound() is the product of the spectral norms, an upper bound, usually a loose one.';
  return `"""
Lipschitz Playground: the trained model as plain PyTorch, ${describeNet(shape)}.

nn.Linear layers in float64 hold the playground's effective weights and the activations are written inline,
so f is the playground's f to float64 rounding, with no Lipschitz library. This is the function itself, not a
trainable constrained net (for that, export the deel-torchlip or deel-lip script).
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


${torchActivationFunctions(shape.activations)}${shape.activations.length ? '\n\n\n' : ''}class PlaygroundNet(torch.nn.Module):
    """${describeNet(shape)}"""

    def __init__(self):
        super().__init__()
        self.dense = torch.nn.ModuleList([torch.nn.Linear(i, o, dtype=DTYPE) for i, o in [${sizes}]])

    def forward(self, h):
${forward.join('\n')}


def playground_model():
    """The net with the playground's weights, in eval mode."""
    model = PlaygroundNet()
    with torch.no_grad():
        for layer, w, b in zip(model.dense, WEIGHTS, BIASES):
            layer.weight.copy_(torch.tensor(w, dtype=DTYPE).T)  # torch keeps out x in
            layer.bias.copy_(torch.tensor(b, dtype=DTYPE))
    return model.eval()


def evaluate(model, points):
    """f at points [[x, y], ...], as a list of floats."""
    with torch.no_grad():
        return model(torch.tensor(points, dtype=DTYPE).reshape(-1, 2)).reshape(-1).tolist()


def lipschitz_bound(model):
    """Product of the layers' spectral norms: an upper bound of f's Lipschitz constant (every activation here is
    1-Lipschitz). About L for the playground's Lipschitz nets."""
    bound = 1.0
    for layer in model.dense:
        bound *= torch.linalg.matrix_norm(layer.weight.detach(), ord=2).item()
    return bound


${selfCheckPython(check, TORCH_CHECK_TOLERANCE, 'this net')}


if __name__ == "__main__":
    net = playground_model()
    print(f"Lipschitz bound (product of spectral norms): {lipschitz_bound(net):.7g}"
          + ("" if LIPSCHITZ is None else f"; built for L = {LIPSCHITZ}"))
    sys.exit(0 if self_check(net) else 1)
`;
}
