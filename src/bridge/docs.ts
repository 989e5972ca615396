/**
 * The library documentation each generated layout comes from, cited in the scripts' comments. Pages of the
 * libraries' documentation sites, and the source files where the documentation does not spell out a
 * convention (the hinge's min_margin / 2, HKR's alpha, the eval-mode caches).
 */
export const DOCS = {
  torchlip: {
    api: 'https://deel-ai.github.io/deel-torchlip/deel.torchlip.html',
    normalizers: 'https://deel-ai.github.io/deel-torchlip/deel.torchlip.normalizers.html',
    package: 'https://pypi.org/project/deel-torchlip/',
    losses: 'https://github.com/deel-ai/deel-torchlip, deel/torchlip/functional.py (hinge_margin_loss, hkr_loss) and deel/torchlip/modules/loss.py',
    cache: 'https://github.com/deel-ai/deel-torchlip, deel/torchlip/utils/bjorck_norm.py (_BjorckNorm keeps _w_bjorck for eval mode)',
    sequential: 'https://github.com/deel-ai/deel-torchlip, deel/torchlip/modules/module.py (Sequential sets every layer\'s k_coef_lip)',
  },
  deelLip: {
    layers: 'https://deel-ai.github.io/deel-lip/api/layers/',
    activations: 'https://deel-ai.github.io/deel-lip/api/activations/',
    losses: 'https://deel-ai.github.io/deel-lip/api/losses/',
    package: 'https://pypi.org/project/deel-lip/',
    sources: 'https://github.com/deel-ai/deel-lip, deel/lip/losses.py (HingeMargin: relu(min_margin / 2 - y f)) and deel/lip/layers/dense.py (wbar, read in eval mode)',
    sequential: 'https://github.com/deel-ai/deel-lip, deel/lip/model.py (Sequential sets every layer\'s k_coef_lip)',
  },
  torch: {
    linear: 'https://pytorch.org/docs/stable/generated/torch.nn.Linear.html',
    adam: 'https://pytorch.org/docs/stable/generated/torch.optim.Adam.html',
  },
  keras: {
    adam: 'https://keras.io/api/optimizers/adam/',
  },
  sklearn: 'https://scikit-learn.org/stable/api/sklearn.datasets.html',
} as const;
