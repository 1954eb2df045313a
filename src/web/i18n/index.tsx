import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { enUS, zhCN, type MessageKey } from './messages.ts';

export type Locale = 'zh-CN' | 'en-US';
export type { MessageKey };
export type TFunction = (key: MessageKey, vars?: Record<string, string | number>) => string;

const STORAGE_KEY = 'luoshi.locale';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'zh-CN' || saved === 'en-US') return saved;
  } catch {
    /* storage unavailable */
  }
  return 'zh-CN';
}

let activeLocale: Locale = 'zh-CN';

/**
 * The locale in force, for code outside React components (the error mapper, item labels). Set by
 * I18nProvider; zh-CN until it mounts.
 */
export function currentLocale(): Locale {
  return activeLocale;
}

/** Translates with the locale in force (outside components; inside, use useT()). */
export function tr(key: MessageKey, vars?: Record<string, string | number>): string {
  return translate(activeLocale, key, vars);
}

/** Looks a key up in a dictionary, filling `{name}` placeholders. */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = dictionaries[locale][key] ?? zhCN[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m)) : text;
}

interface I18nValue {
  locale: Locale;
  setLocale(l: Locale): void;
  t: TFunction;
}

const I18nContext = createContext<I18nValue | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  activeLocale = locale;
  const setLocale = useCallback((l: Locale) => {
    activeLocale = l;
    setLocaleState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
    document.documentElement.lang = l;
  }, []);
  const t = useCallback<TFunction>((key, vars) => translate(locale, key, vars), [locale]);
  const value = useMemo(() => ({ locale, setLocale, t }), [locale, setLocale, t]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

/** The translation function of the current locale. */
export function useT(): TFunction {
  return useI18n().t;
}
