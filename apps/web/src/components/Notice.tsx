import type { ReactNode } from 'react';

/** A message box for the link doctor, verdicts and errors; alerts are announced at once. */
export function Notice({ tone, title, children, id, testId }: { tone: 'error' | 'warn' | 'info'; title: string; children?: ReactNode; id?: string; testId?: string }) {
  return (
    <div className={`notice notice-${tone}`} role={tone === 'info' ? 'status' : 'alert'} id={id} data-testid={testId}>
      <p className="notice-title">{title}</p>
      {children && <div className="notice-body">{children}</div>}
    </div>
  );
}
