// The top bar shared by the lobby and the information pages: the product mark and the language switch.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18nProvider.tsx';
import { LOCALES } from '../i18n/translate.ts';
import { BrandMark } from './icons.tsx';

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <div className="lang-switch" role="group" aria-label={t('lang.label')}>
      {LOCALES.map((option) => (
        <button
          key={option}
          type="button"
          className="lang-option"
          aria-pressed={locale === option}
          onClick={() => setLocale(option)}
        >
          {option.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

export function Brand() {
  const { t } = useI18n();
  return (
    <div className="brand">
      <BrandMark size={34} />
      <div className="brand-text">
        <span className="brand-name">{t('app.name')}</span>
        <span className="brand-tagline">{t('app.tagline')}</span>
      </div>
    </div>
  );
}

export function AppHeader({ children }: { children?: ReactNode }) {
  return (
    <header className="app-header">
      <Brand />
      <div className="app-header-end">
        {children}
        <LanguageSwitch />
      </div>
    </header>
  );
}
