// Renderer entry point: providers, the debug hook for tests, and the app.
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { installDebug } from './app/debug.ts';
import { ToastProvider } from './app/Toasts.tsx';
import { I18nProvider } from './i18n/I18nProvider.tsx';
import './app/styles.css';

installDebug();

const container = document.getElementById('root');
if (!container) throw new Error('#root missing from index.html');

createRoot(container).render(
  <I18nProvider>
    <ToastProvider>
      <App />
    </ToastProvider>
  </I18nProvider>,
);
