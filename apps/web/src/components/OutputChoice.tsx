import type { Want } from '@tiksaver/core';
import { WANT_LABELS } from '../lib/words.js';

export function OutputChoice({ value, onChange }: { value: Want; onChange(want: Want): void }) {
  return (
    <fieldset className="segmented">
      <legend>Save as</legend>
      {(Object.keys(WANT_LABELS) as Want[]).map((want) => (
        <label key={want} className={value === want ? 'is-checked' : undefined}>
          <input type="radio" name="want" value={want} checked={value === want} onChange={() => onChange(want)} />
          {WANT_LABELS[want]}
        </label>
      ))}
    </fieldset>
  );
}
