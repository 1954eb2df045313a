import { useEffect, useState } from 'react';
import { api } from '../api/client.ts';
import { useT } from './index.tsx';

/**
 * A division shown by its name where a code was (lists of plans): 海北藏族自治州, with the code on
 * hover; 全国 for a plan without a division (the national strategy). Names are fetched once per
 * code and page load.
 */
const names = new Map<string, Promise<string>>();

function nameOf(code: string): Promise<string> {
  let p = names.get(code);
  if (!p) {
    p = api.get<{ name: string }>(`/api/divisions/${encodeURIComponent(code)}`).then(
      (d) => d.name,
      () => code,
    );
    names.set(code, p);
  }
  return p;
}

export function DivisionName({ code }: { code: string | null | undefined }) {
  const t = useT();
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (code) nameOf(code).then((n) => live && setName(n));
    return () => {
      live = false;
    };
  }, [code]);
  if (!code) return <span>{t('division.national')}</span>;
  return <span title={code}>{name ?? code}</span>;
}
