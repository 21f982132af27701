import type { Strategy } from '@tiksaver/core';
import type { ProviderInfo } from '../lib/api.js';
import { DEFAULT_SETTINGS, orderedIds, type Settings } from '../lib/settings.js';
import { WANT_LABELS } from '../lib/words.js';

const STRATEGIES: { value: Strategy; text: string }[] = [
  // Short enough for the closed select on a 320 px phone.
  { value: 'sequential', text: 'One at a time (gentle)' },
  { value: 'hedged', text: 'Next one if slow (faster)' },
  { value: 'all', text: 'All at once (compare)' },
];

export function SettingsBody({ settings, providers, onChange }: { settings: Settings; providers: ProviderInfo[]; onChange(settings: Settings): void }) {
  const ids = orderedIds(
    providers.map((p) => p.id),
    settings,
  );
  const byId = new Map(providers.map((p) => [p.id, p]));

  const move = (index: number, delta: number) => {
    const order = [...ids];
    const [id] = order.splice(index, 1);
    if (id === undefined) return;
    order.splice(index + delta, 0, id);
    onChange({ ...settings, order });
  };
  const toggle = (id: string, enabled: boolean) =>
    onChange({ ...settings, disabled: enabled ? settings.disabled.filter((d) => d !== id) : [...settings.disabled, id] });

  return (
      <div className="settings-body">
        <label className="check">
          <input type="checkbox" checked={settings.pinWant} onChange={(e) => onChange({ ...settings, pinWant: e.target.checked })} />
          <span>Keep “Save as: {WANT_LABELS[settings.want]}” for my next visits</span>
        </label>
        <label className="field">
          <span>How to try providers</span>
          <select value={settings.strategy} onChange={(e) => onChange({ ...settings, strategy: e.target.value as Strategy })}>
            {STRATEGIES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.text}
              </option>
            ))}
          </select>
        </label>
        <p className="field-title" id="order-title">
          Providers, in the order they are tried
        </p>
        <ol className="provider-order" aria-labelledby="order-title">
          {ids.map((id, index) => {
            const info = byId.get(id);
            const unavailable = info?.enabled === false;
            return (
              <li key={id}>
                <label className="check">
                  <input type="checkbox" checked={!settings.disabled.includes(id) && !unavailable} disabled={unavailable} onChange={(e) => toggle(id, e.target.checked)} />
                  <span>
                    {info?.label ?? id}
                    {unavailable && <span className="muted small"> (not available on this server)</span>}
                  </span>
                </label>
                <span className="order-buttons">
                  <button type="button" className="icon-button" onClick={() => move(index, -1)} disabled={index === 0} aria-label={`Move ${info?.label ?? id} up`}>
                    ↑
                  </button>
                  <button type="button" className="icon-button" onClick={() => move(index, 1)} disabled={index === ids.length - 1} aria-label={`Move ${info?.label ?? id} down`}>
                    ↓
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
        <button type="button" className="button button-ghost button-small" onClick={() => onChange({ ...DEFAULT_SETTINGS, want: settings.want, pinWant: settings.pinWant })}>
          Reset to defaults
        </button>
        <p className="muted small">Settings stay in this browser only.</p>
      </div>
  );
}
