// Sign in with staff number and PIN; a wrong PIN or a lockout is said in words, the PIN cleared.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useCommand } from '../client/register-queries';
import { NoticeBanner } from '../components/notice-banner';
import { useWords } from '../i18n/use-text';
import { useUiStore } from '../state/ui-store';

export function LoginScreen() {
  const words = useWords();
  const send = useCommand();
  const setSession = useUiStore((s) => s.setSession);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (busy || staffId.trim() === '' || pin === '') return;
    setBusy(true);
    void send('auth.login', { staffId: staffId.trim(), pin }).then((session) => {
      setBusy(false);
      setPin('');
      if (session !== undefined) setSession(session);
    });
  };

  return (
    <main className="login">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-heading">
        <h1 id="login-heading">{words.t('login.heading')}</h1>
        <NoticeBanner />
        <label>
          {words.t('login.staffId')}
          <input
            name="staffId"
            autoFocus
            autoComplete="username"
            inputMode="numeric"
            value={staffId}
            onChange={(e) => setStaffId(e.target.value)}
          />
        </label>
        <label>
          {words.t('login.pin')}
          <input
            name="pin"
            type="password"
            autoComplete="current-password"
            inputMode="numeric"
            maxLength={16}
            value={pin}
            onChange={(e) => setPin(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {words.t('login.submit')}
        </button>
        <p className="hint">{words.t('login.demoHint')}</p>
      </form>
    </main>
  );
}
