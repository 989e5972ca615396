/**
 * The Export menu (issue 11, "Out of the app"): the figure (PNG at 2x, SVG), the points (CSV), the
 * configuration and the model (JSON, the runner's formats), the results (JSON) and the Python scripts of
 * the bridge. Every file is named after the configuration (app/exportNames.ts). A menu button in the ARIA
 * pattern: Enter, Space or ArrowDown open it on the first item, the arrows (and Home, End) move, Esc closes
 * it and gives focus back to the button.
 */
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { modelEntries } from '../app/comparison';
import { exportFileName } from '../app/exportNames';
import { MAIN_MODEL } from '../app/store';
import { residualRefusal, type PythonFlavour } from '../bridge/python';
import { configHasResidualBlocks } from '../bridge/netShape';
import { figureLayout, figurePng, figureSvg } from './export/figure';
import { saveFile } from './export/save';
import { configJson, figureCaption, pointsCsvWithSplit, pythonText } from './export/texts';
import { useActions, usePlayground, useStateGetter } from './StoreContext';
import './export/exportMenu.css';

/** What waits for the worker's model files. */
type ModelUse = { kind: 'model' } | { kind: 'code'; flavour: PythonFlavour };

interface Item {
  id: string;
  label: string;
  title: string;
  disabled?: string | null;
  run(): void | Promise<void>;
}

const FLAVOURS: { flavour: PythonFlavour; label: string }[] = [
  { flavour: 'torch', label: 'Code: plain PyTorch (.py)' },
  { flavour: 'torchlip', label: 'Code: deel-torchlip (.py)' },
  { flavour: 'deel-lip', label: 'Code: deel-lip, Keras (.py)' },
];

export function ExportMenu() {
  const actions = useActions();
  const getState = useStateGetter();
  const config = usePlayground((s) => s.config);
  const sweep = usePlayground((s) => s.sweep);
  const modelFiles = usePlayground((s) => s.modelFiles);
  const resultsPending = usePlayground((s) => s.results !== null);
  const hasDataset = usePlayground((s) => s.models[MAIN_MODEL]?.dataset != null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const modelUse = useRef<ModelUse | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const models = useMemo(() => {
    const entries = modelEntries(config, sweep);
    return entries.ok ? entries.models : [];
  }, [config, sweep]);

  /** The step the files are named after: the first model's last reported one. */
  const stepNow = () => getState().models[MAIN_MODEL]?.latest?.step ?? 0;
  const name = (ext: string, what?: string) => exportFileName(config, sweep, stepNow(), ext, what);

  const figure = async (format: 'png' | 'svg', what: 'plots' | 'curves') => {
    const root = document.querySelector(what === 'plots' ? '.pg-plot-frame' : '.pg-side');
    const layout = root && figureLayout(root, figureCaption(config, sweep, stepNow()), what);
    if (!layout) return actions.notify(what === 'plots' ? 'There is no plot to export yet.' : 'No curves are shown: unfold them to export them.', 'warning');
    const suffix = what === 'curves' ? 'curves' : undefined;
    if (format === 'svg') saveFile(figureSvg(layout), name('svg', suffix), 'image/svg+xml');
    else saveFile(await figurePng(layout, 2), name('png', suffix), 'image/png');
  };

  const askModels = (use: ModelUse) => {
    modelUse.current = use;
    actions.requestModels();
  };

  // The worker answers `exportModel` with one file per model: save once every model has answered.
  useEffect(() => {
    if (!modelFiles || models.some((m) => !modelFiles.entries[m.id])) return;
    const use = modelUse.current;
    modelUse.current = null;
    actions.clearModels();
    if (!use) return;
    if (use.kind === 'model') {
      // One model: the runner's --save-model file itself; a comparison: one {config, model} per panel.
      const file = models.length === 1 ? modelFiles.entries[models[0].id] : models.map((m) => ({ config: m.config, model: modelFiles.entries[m.id] }));
      saveFile(`${JSON.stringify(file, null, 2)}\n`, name('json', 'model'), 'application/json');
      return;
    }
    try {
      const dataset = getState().models[models[0].id]?.dataset ?? null;
      const text = pythonText(use.flavour, modelFiles.entries[models[0].id], models[0].config, dataset);
      saveFile(text, name('py', use.flavour), 'text/x-python');
    } catch (e) {
      actions.notify(`The ${use.flavour} script could not be written: ${(e as Error).message}`, 'error');
    }
    // `name` reads the step of the moment; the effect runs on the worker's answer only.
  }, [modelFiles, models, actions, getState]);

  const comparing = models.length > 1;
  const waitingForModel = modelFiles !== null;
  // A Lipschitz net of residual layers (sll, cpl) exports residual blocks, which only the plain PyTorch script writes.
  const residualNet = models.length === 1 && configHasResidualBlocks(models[0].config.model);
  const codeDisabled = (flavour: PythonFlavour): string | null =>
    comparing
      ? 'One model at a time: the scripts are written for a single model, not a comparison'
      : (residualNet && residualRefusal(flavour, 'use "Code: plain PyTorch"')) || (waitingForModel ? 'Waiting for the worker' : null);
  const items: Item[] = [
    { id: 'figure-png', label: 'Figure: PNG (2x)', title: 'The plot as on screen (every panel of a comparison), at twice its size, with a caption naming the configuration', run: () => figure('png', 'plots') },
    { id: 'figure-svg', label: 'Figure: SVG', title: 'The plot with its vector overlay (axes, boundary, points) and the heatmap embedded as an image', run: () => figure('svg', 'plots') },
    { id: 'curves-png', label: 'Curves: PNG (2x)', title: 'The curves shown beside the plot, at twice their size, with the caption', run: () => figure('png', 'curves') },
    { id: 'curves-svg', label: 'Curves: SVG', title: 'The curves shown beside the plot, as vectors, with the caption', run: () => figure('svg', 'curves') },
    {
      id: 'data-csv',
      label: 'Data: points (.csv)',
      title: 'The points of the run: x,y,label,split (labels -1 / 1, split train / test)',
      disabled: hasDataset ? null : 'The dataset is not ready yet',
      run: () => {
        const dataset = getState().models[MAIN_MODEL]?.dataset;
        if (dataset) saveFile(pointsCsvWithSplit(dataset), name('csv', 'data'), 'text/csv');
      },
    },
    {
      id: 'config-json',
      label: comparing ? 'Config: base (.json)' : 'Config (.json)',
      title: comparing
        ? `The shared base configuration, as npm run experiment reads it; the panels are npm run sweep -- FILE --vary ${sweep ? `${sweep.key}:…` : ''}`
        : 'The configuration as npm run experiment -- FILE reads it (it reproduces this run)',
      run: () => saveFile(configJson(config), name('json', 'config'), 'application/json'),
    },
    {
      id: 'model-json',
      label: 'Model (.json)',
      title: 'The MLP with its constrained weights baked in, as npm run experiment --save-model writes it (a comparison: one {config, model} per panel)',
      disabled: waitingForModel ? 'Waiting for the worker' : null,
      run: () => askModels({ kind: 'model' }),
    },
    {
      id: 'results-json',
      label: 'Results (.json)',
      title: "Every model's metrics at its current weights, as npm run experiment prints them (same as Download results)",
      disabled: resultsPending ? 'Measuring' : null,
      // "Download results" (ResultsDownload, beside this menu) saves the file once every model answered.
      run: () => actions.requestResults(),
    },
    ...FLAVOURS.map(({ flavour, label }) => ({
      id: `code-${flavour}`,
      label,
      title: `A runnable ${flavour} script of the model, its loss, optimizer and data, the trained weights loaded; it ends with a self-check against the playground's f`,
      disabled: codeDisabled(flavour),
      run: () => askModels({ kind: 'code', flavour }),
    })),
  ];

  const menuItems = () => Array.from(menuRef.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? []);
  const focusItem = (index: number) => {
    const all = menuItems();
    if (all.length) all[(index + all.length) % all.length].focus();
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };

  // Focus the first item when the menu opens; close it on a click elsewhere.
  useEffect(() => {
    if (!open) return;
    focusItem(0);
    const onDown = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp' || e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      setOpen(true);
    }
  };
  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const all = menuItems();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const moves: Record<string, () => void> = {
      ArrowDown: () => focusItem(at + 1),
      ArrowUp: () => focusItem(at - 1),
      Home: () => focusItem(0),
      End: () => focusItem(all.length - 1),
      Escape: () => close(true),
      Tab: () => close(false),
    };
    const move = moves[e.key];
    if (!move) return;
    if (e.key !== 'Tab') e.preventDefault();
    e.stopPropagation();
    move();
  };

  const activate = async (item: Item) => {
    if (item.disabled) return;
    close(true);
    setBusy(item.id);
    try {
      await item.run();
    } catch (e) {
      actions.notify(`Export failed: ${(e as Error).message}`, 'error');
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="pg-export">
      <button
        ref={buttonRef}
        type="button"
        className="lp-button pg-export-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="pg-export-menu"
        onClick={() => setOpen(!open)}
        onKeyDown={onButtonKey}
        onKeyUp={(e) => e.key === ' ' && e.preventDefault()}
        title="Figure, data, configuration, model, results and Python code of this run, as files"
      >
        {busy ? 'Exporting…' : 'Export ▾'}
      </button>
      {open && (
        <div ref={menuRef} id="pg-export-menu" className="pg-export-menu" role="menu" aria-label="Export" onKeyDown={onMenuKey}>
          {items.map((item) => (
            <button
              key={item.id}
              type="button"
              role="menuitem"
              tabIndex={-1}
              data-export={item.id}
              aria-disabled={item.disabled ? true : undefined}
              title={item.disabled ?? item.title}
              onClick={() => void activate(item)}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
