import { lazy, Suspense, useState } from 'react';
import type { ProviderInfo } from '../lib/api.js';
import type { Settings } from '../lib/settings.js';

// The panel's contents load when it is first opened (keeps the first load small).
const SettingsBody = lazy(() => import('./SettingsBody.js').then((m) => ({ default: m.SettingsBody })));

export function SettingsPanel(props: { settings: Settings; providers: ProviderInfo[]; onChange(settings: Settings): void }) {
  const [opened, setOpened] = useState(false);
  return (
    <details className="settings" onToggle={(event) => event.currentTarget.open && setOpened(true)}>
      <summary>Settings</summary>
      {opened && (
        <Suspense fallback={<p className="settings-body muted">Loading…</p>}>
          <SettingsBody {...props} />
        </Suspense>
      )}
    </details>
  );
}
