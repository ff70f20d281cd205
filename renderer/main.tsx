// Renderer entry point: providers, the debug hook for tests, and the app.
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { installDebug } from './app/debug.ts';
import { navigate } from './app/router.tsx';
import { ToastProvider } from './app/Toasts.tsx';
import { I18nProvider } from './i18n/I18nProvider.tsx';
import { getBridge } from './platform/bridge.ts';
import './app/styles.css';
import './app/controls.css';
import './app/lobby.css';
import './app/notice.css';
import './app/meeting.css';
import './app/feedback.css';
import './app/narrow.css';

installDebug();

// A phonghop:// link opened while the app runs: the shell has validated it and hands over the join URL. On this
// server it opens in place through the router (no reload: the renderer and its caches stay); a link to another
// server loads that server's page.
getBridge().onJoinLink((joinUrl) => {
  if (joinUrl === window.location.href) return;
  const url = new URL(joinUrl, window.location.href);
  if (url.origin === window.location.origin) navigate(url.pathname + url.search + url.hash);
  else window.location.assign(joinUrl);
});

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');

createRoot(container).render(
  <I18nProvider>
    <ToastProvider>
      <App />
    </ToastProvider>
  </I18nProvider>,
);
