import { useEffect, useState } from 'react';
import { formatRemaining } from '../lib/format.js';

/** "expires in 5 h 12 min", refreshed every 30 s. */
export function Countdown({ expiresAt }: { expiresAt: string }) {
  const end = Date.parse(expiresAt);
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (Number.isNaN(end)) return null;
  const left = end - now;
  const urgent = left < 60 * 60_000;
  return (
    <p className={`expiry${urgent ? ' is-urgent' : ''}`} data-testid="expiry">
      {left > 0 ? (
        <>
          Story <strong>expires in {formatRemaining(left)}</strong>
          {urgent ? ': save it now.' : '.'}
        </>
      ) : (
        <>
          <strong>This story has expired.</strong> The copy found earlier may no longer be fetched; if a download fails, nothing more can be saved.
        </>
      )}
    </p>
  );
}
