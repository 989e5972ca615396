/**
 * What to tell a person whose training diverged, written from the settings of the moment (so "now 10"
 * follows the slider) and true to what the app does: a live change of the learning rate or the loss brings
 * a diverged model back to its last finite weights and trains on (worker engine), reset starts afresh.
 */
import type { ExperimentConfig } from '../core/config';

export function divergenceAdvice(config: ExperimentConfig, step: number | null): string {
  const where = step === null ? 'The loss became NaN or infinite' : `At step ${step} the loss became NaN or infinite`;
  const tau = config.loss.name === 'tau-bce' ? `, or a smaller τ (now ${config.loss.tau})` : '';
  return (
    `${where}, so training stopped. Lower the learning rate (now ${config.train.lr})${tau}, or change the loss: ` +
    'the model goes back to its last finite weights and trains on. Reset starts again from fresh weights.'
  );
}
