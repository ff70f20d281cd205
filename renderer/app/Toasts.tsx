// Short-lived messages for failed requests, translated from their error code. The same error repeated within a
// few seconds is shown once.
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { messageKeyFor, type ClientError, type ClientErrorCode } from './clientErrors.ts';
import { AlertIcon, CloseIcon } from './icons.tsx';

const VISIBLE_MS = 6000;
const DEDUPE_MS = 4000;

interface Toast {
  id: number;
  code: ClientErrorCode;
  reason: ClientError['reason'];
}

interface ToastApi {
  showError(error: ClientError): void;
}

const ToastContext = createContext<ToastApi | null>(null);

export function ToastProvider({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);
  const lastShown = useRef(new Map<ClientErrorCode, number>());

  const dismiss = useCallback((id: number) => setToasts((list) => list.filter((toast) => toast.id !== id)), []);

  const showError = useCallback(
    (error: ClientError) => {
      const now = Date.now();
      if (now - (lastShown.current.get(error.code) ?? 0) < DEDUPE_MS) return;
      lastShown.current.set(error.code, now);
      const id = nextId.current++;
      setToasts((list) => [...list.slice(-2), { id, code: error.code, reason: error.reason }]);
      setTimeout(() => dismiss(id), VISIBLE_MS);
    },
    [dismiss],
  );

  const api = useMemo(() => ({ showError }), [showError]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {toasts.map((toast) => (
          <div key={toast.id} className="toast" data-testid="toast" data-code={toast.code}>
            <AlertIcon size={18} />
            <span>{t(messageKeyFor(toast))}</span>
            <button
              type="button"
              className="toast-close"
              aria-label={t('toast.dismiss')}
              onClick={() => dismiss(toast.id)}
            >
              <CloseIcon size={16} />
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToasts(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToasts() outside <ToastProvider>');
  return api;
}
