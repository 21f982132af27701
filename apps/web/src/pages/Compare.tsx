import { useEffect, useMemo, useState } from 'react';
import { Notice } from '../components/Notice.js';
import { Verdict } from '../components/Verdict.js';
import { MediaLabels } from '../components/MediaLabels.js';
import { PasteBox } from '../components/PasteBox.js';
import { Trace } from '../components/Trace.js';
import type { WebResolution } from '../lib/api.js';
import { checkLink, type LinkDescription } from '../lib/link.js';
import { loadSettings } from '../lib/settings.js';
import { labelsOf, loadProviders, useProviders } from '../lib/use-providers.js';
import { useResolve } from '../lib/use-resolve.js';
import { formatMs } from '../lib/format.js';
import { initialRows } from '../lib/trace.js';
import { peopleWords, shortReason } from '../lib/words.js';

function Found({ result }: { result: WebResolution }) {
  // The item(s) the chosen output asks for; a zip only when that is several images.
  const picked = result.selected.map((i) => result.items[i]!).filter(Boolean);
  const first = picked[0] ?? result.items[0];
  const zip = picked.length > 1 && result.zipUrl;
  return (
    <div className="found">
      <p>
        {result.kind}, {result.items.length} item{result.items.length === 1 ? '' : 's'}
      </p>
      {first && <MediaLabels item={first} />}
      {first && (
        <a className="button button-small" href={zip || first.downloadUrl} download>
          {zip ? `Download all ${picked.length} (zip)` : `Download ${first.type}`}
        </a>
      )}
    </div>
  );
}

/** Every provider at once for the same link (strategy "all"), side by side. */
export function Compare() {
  const providers = useProviders();
  const labels = useMemo(() => labelsOf(providers), [providers]);
  const [text, setText] = useState('');
  const [doctor, setDoctor] = useState<LinkDescription | undefined>();
  const { state, run, cancel } = useResolve(labels);
  const { report, busy, error } = state;
  const [planned, setPlanned] = useState<string[]>([]);
  // A link stopped before any provider (a dead short link) still gets one row per provider,
  // each saying why it was not asked.
  const rows =
    report && state.rows.length === 0
      ? initialRows(planned, labels).map((row) => ({ ...row, status: 'not-tried' as const, reason: `not asked: ${peopleWords(report.error?.code).title.toLowerCase()}` }))
      : state.rows;

  // Arriving from a failed save (/compare?link=...): fill in the link and compare at once.
  useEffect(() => {
    const link = new URLSearchParams(window.location.search).get('link');
    if (!link) return;
    window.history.replaceState(null, '', '/compare');
    setText(link);
    void submit(link);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = async (input: string) => {
    const check = await checkLink(input);
    setDoctor(check.resolvable ? undefined : check);
    if (!check.resolvable) return;
    const list = providers.length > 0 ? providers : await loadProviders();
    const ids = list.filter((p) => p.enabled !== false).map((p) => p.id);
    setPlanned(ids);
    void run({ input, strategy: 'all', want: loadSettings().want, ...(ids.length > 0 && { providers: ids }) }, ids);
  };

  return (
    <>
      <section className="hero">
        <h1>Compare providers</h1>
        <p className="lead">Ask every provider about the same link at once and see what each one finds. Useful when a story fails and you want to know why.</p>
      </section>
      <PasteBox value={text} onChange={setText} onSubmit={(input) => void submit(input)} onCancel={cancel} busy={busy} submitText="Compare" />
      {doctor && (
        <Notice tone="warn" title={doctor.summary} testId="link-doctor">
          <p>{doctor.hint}</p>
        </Notice>
      )}
      {error && <Verdict error={error} testId="error" />}
      {busy && <Trace rows={rows} busy labels={labels} />}
      {report && (
        <section aria-labelledby="compare-title">
          <h2 id="compare-title" className="section-title">
            {report.ok ? 'Results' : 'Results: no provider could deliver it'}
          </h2>
          {!report.ok && report.error && <Verdict error={report.error} report={report} testId="compare-verdict" />}
          <div className="compare-grid">
            {rows.map((row) => {
              const attempt = report.attempts.find((a) => a.provider === row.provider);
              const result = attempt?.result ?? (row.provider === report.provider ? report.result : undefined);
              return (
                <article key={row.provider} className={`compare-card is-${row.status}`} data-provider={row.provider}>
                  <h3>
                    {row.label} {row.winner && <span className="badge badge-winner">picked</span>}
                  </h3>
                  <p className="trace-status">
                    {row.status === 'ok' ? 'worked' : row.status} {formatMs(row.ms)}
                  </p>
                  {result ? <Found result={result} /> : <p className="muted">{row.reason ?? shortReason(row.code)}</p>}
                  {attempt?.error && <p className="small muted">{peopleWords(attempt.error.code).help}</p>}
                </article>
              );
            })}
          </div>
        </section>
      )}
    </>
  );
}
