import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { Notice } from '../components/Notice.js';
import { OutputChoice } from '../components/OutputChoice.js';
import { PasteBox } from '../components/PasteBox.js';
import { SettingsPanel } from '../components/SettingsPanel.js';
import { Trace } from '../components/Trace.js';
import { checkLink, preloadLinkDoctor, type LinkDescription } from '../lib/link.js';
import { loadSettings, orderedIds, providerSelection, saveSettings, type Settings } from '../lib/settings.js';
import { takeSharedText } from '../lib/share-target.js';
import { labelsOf, loadProviders, useProviders } from '../lib/use-providers.js';
import { useResolve } from '../lib/use-resolve.js';
import { verdictTitle, webHint } from '../lib/words.js';

// The result view (players, gallery) loads while the providers are being tried.
const loadResultView = () => import('../components/ResultView.js');
const ResultView = lazy(() => loadResultView().then((m) => ({ default: m.ResultView })));
const ProfileStories = lazy(() => import('../components/ProfileStories.js').then((m) => ({ default: m.ProfileStories })));

export function Home() {
  const providers = useProviders();
  const labels = useMemo(() => labelsOf(providers), [providers]);
  const [settings, setSettings] = useState<Settings>(loadSettings);
  const [text, setText] = useState('');
  const [doctor, setDoctor] = useState<LinkDescription | undefined>();
  // Resolvable links that deserve a word first (a comment link, a normal post rather than a story).
  const [note, setNote] = useState<LinkDescription | undefined>();
  const { state, run, reset } = useResolve(labels);
  const shared = useRef<string | undefined>(undefined);

  const updateSettings = (next: Settings) => {
    setSettings(next);
    saveSettings(next);
  };

  useEffect(preloadLinkDoctor, []);

  const submit = async (input: string) => {
    const check = await checkLink(input);
    if (!check.resolvable) {
      // The link doctor answers before anything is fetched.
      reset();
      setNote(undefined);
      setDoctor(check);
      return;
    }
    setDoctor(undefined);
    setNote(check.kind === 'story' || check.kind === 'short' ? undefined : check);
    void loadResultView();
    // A paste right after the page opened may come before the provider list arrived.
    const list = providers.length > 0 ? providers : await loadProviders();
    const serverIds = list.map((p) => p.id);
    const selection = serverIds.length > 0 ? providerSelection(serverIds, settings) : undefined;
    const planned = (selection ?? orderedIds(serverIds, settings)).filter((id) => list.find((p) => p.id === id)?.enabled !== false);
    void run(
      {
        input,
        want: settings.want,
        strategy: settings.strategy,
        ...(selection && { providers: selection }),
      },
      planned,
    );
  };

  // Share target: Android "Share -> tiksaver" opens /?text=... ; fill the box and go.
  useEffect(() => {
    shared.current ??= takeSharedText();
    if (shared.current && providers.length > 0) {
      const sharedText = shared.current;
      shared.current = '';
      setText(sharedText);
      void submit(sharedText);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [providers]);

  const { report, error, busy, rows } = state;
  const verdict = report && !report.ok ? report.error : undefined;

  return (
    <>
      <section className="hero">
        <h1>Save a TikTok story</h1>
        <p className="lead">Paste the story link (or the whole share text). tiksaver tries several resolvers and shows you which one worked and why the others did not.</p>
      </section>

      <PasteBox
        value={text}
        onChange={(value) => {
          setText(value);
          if (doctor) setDoctor(undefined);
          if (note) setNote(undefined);
        }}
        onSubmit={(input) => void submit(input)}
        busy={busy}
        {...(doctor && { describedBy: 'link-doctor' })}
      />
      <div className="options">
        <OutputChoice value={settings.want} onChange={(want) => updateSettings({ ...settings, want })} />
        <SettingsPanel settings={settings} providers={providers} onChange={updateSettings} />
      </div>

      {doctor && (
        <Notice tone="warn" title={doctor.summary} id="link-doctor" testId="link-doctor">
          <p>{doctor.hint}</p>
        </Notice>
      )}
      {doctor?.kind === 'profile' && (
        <Suspense fallback={null}>
          <ProfileStories input={text} />
        </Suspense>
      )}

      {note && (
        <Notice tone="info" title={note.summary} testId="link-note">
          <p>{note.hint}</p>
        </Notice>
      )}

      <Trace rows={rows} busy={busy} labels={labels} />

      {verdict && (
        <Notice tone={verdict.code === 'EXPIRED' ? 'warn' : 'error'} title={verdictTitle(verdict)} testId="verdict">
          <p>{webHint(verdict.hint)}</p>
          {verdict.final && <p className="small">This is final: trying other providers cannot change it, so tiksaver stopped here.</p>}
          {!verdict.final && (
            <p className="small">
              Still stuck? <a href={`/compare?link=${encodeURIComponent(report?.input ?? '')}`}>Compare every provider</a> for this link.
            </p>
          )}
        </Notice>
      )}
      {error && (
        <Notice tone="error" title={error.message} testId="error">
          <p>{webHint(error.hint)}</p>
        </Notice>
      )}
      {report?.ok && report.result && (
        <Suspense fallback={<p className="muted">Loading the result…</p>}>
          <ResultView
            result={report.result}
            mp3={report.mp3}
            {...(report.want && { want: report.want })}
            {...(report.provider && { provider: report.provider, providerLabel: labels[report.provider] ?? report.provider })}
          />
        </Suspense>
      )}
    </>
  );
}
