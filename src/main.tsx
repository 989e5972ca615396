/**
 * Entry point: the playground; with `?diagnostics` the backend diagnostics page (backend choice, check
 * computation on each backend, worker check). (The plots alone, on synthetic data: src/dev/preview.html
 * under `npm run dev`.) Each is loaded on demand, so the playground's page
 * does not carry tfjs: all tensor work happens in the training worker.
 */
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

/** Never a blank page: what failed, and a link to the defaults (the link's settings may be the cause). */
function showFailure(error: unknown): void {
  const p = document.createElement('p');
  p.setAttribute('role', 'alert');
  p.setAttribute('data-testid', 'page-failure');
  p.className = 'boot-message'; // styled by boot.css (the CSP allows no inline style attributes)
  p.textContent = `Lipschitz Playground could not start: ${error instanceof Error ? error.message : String(error)} `;
  const defaults = document.createElement('a');
  defaults.href = `${window.location.origin}${window.location.pathname}`;
  defaults.textContent = 'Open the defaults';
  p.append(defaults);
  root!.replaceChildren(p);
}

const params = new URLSearchParams(window.location.search);
const page = params.has('diagnostics')
  ? import('./ui/diagnostics/startDiagnostics').then((m) => m.startDiagnostics(root))
  : import('./ui/startPlayground').then((m) => m.startPlayground(root));
page.catch(showFailure);
